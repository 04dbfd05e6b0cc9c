/**
 * A Janus WebRTC Server for this machine, from Debian's `janus` package: a configuration of its own
 * in a temporary folder (only the VideoRoom plugin, WebSockets and HTTP on 127.0.0.1, signed tokens,
 * an admin key for creating rooms), so it never touches /etc/janus. Media goes over this machine's own
 * address: Janus gathers no loopback candidates. Used by `npm run dev` and by the tests.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { launchProcess, recentOutput, stopProcess } from "./processes";

export const JANUS_BINARY = "/usr/bin/janus";
const LIBRARIES = "/usr/lib/x86_64-linux-gnu/janus";

export interface JanusSettings {
  wsPort: number;
  httpPort: number;
  tokenSecret: string;
  adminKey: string;
  /** UDP ports for media. */
  rtpPorts: [number, number];
}

export interface LocalJanus {
  settings: JanusSettings;
  /** The room server's environment for this Janus. */
  vars: Record<string, string>;
  child: ChildProcess;
  stop(): Promise<void>;
}

export const janusInstalled = () => existsSync(JANUS_BINARY);

/** The address Janus offers media on: this machine's first non-loopback IPv4 address. */
export function mediaAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? [])
      if (address.family === "IPv4" && !address.internal) return address.address;
  }
  throw new Error("Janus needs a network address other than loopback for media, and this machine has none.");
}

export function newJanusSettings(
  wsPort: number,
  httpPort: number,
  rtpPorts: [number, number],
): JanusSettings {
  const secret = () => randomBytes(18).toString("base64url");
  return { wsPort, httpPort, tokenSecret: secret(), adminKey: secret(), rtpPorts };
}

function plugins(folder: string, keep: string): string {
  const all: Record<string, string[]> = {
    plugins: [
      "audiobridge",
      "duktape",
      "echotest",
      "lua",
      "nosip",
      "recordplay",
      "sip",
      "streaming",
      "textroom",
      "videocall",
      "voicemail",
      "videoroom",
    ],
    transports: ["http", "mqtt", "nanomsg", "pfunix", "rabbitmq", "websockets"],
  };
  const names = all[folder] ?? [];
  return names
    .filter((name) => !keep.split(",").includes(name))
    .map((name) => `libjanus_${name}.so`)
    .join(",");
}

/** Writes the configuration folder; returns its path. */
export function writeJanusConfig(settings: JanusSettings): string {
  const folder = mkdtempSync(join(tmpdir(), "parley-janus-"));
  const file = (name: string, text: string) => writeFileSync(join(folder, name), text);
  file(
    "janus.jcfg",
    `general: {
  configs_folder = "${folder}"
  plugins_folder = "${LIBRARIES}/plugins"
  transports_folder = "${LIBRARIES}/transports"
  events_folder = "${LIBRARIES}/events"
  loggers_folder = "${LIBRARIES}/loggers"
  debug_level = 3
  token_auth = true
  token_auth_secret = "${settings.tokenSecret}"
  session_timeout = 60
}
media: { rtp_port_range = "${settings.rtpPorts[0]}-${settings.rtpPorts[1]}" }
nat: { ice_enforce_list = "${mediaAddress()}" }
plugins: { disable = "${plugins("plugins", "videoroom")}" }
transports: { disable = "${plugins("transports", "http,websockets")}" }
events: { broadcast = false }
loggers: { disable = "libjanus_jsonlog.so" }
`,
  );
  file(
    "janus.plugin.videoroom.jcfg",
    `general: {\n  admin_key = "${settings.adminKey}"\n  string_ids = true\n}\n`,
  );
  file(
    "janus.transport.websockets.jcfg",
    `general: { json = "plain" ws = true ws_port = ${settings.wsPort} ws_ip = "127.0.0.1" wss = false }\nadmin: { admin_ws = false admin_wss = false }\n`,
  );
  file(
    "janus.transport.http.jcfg",
    `general: { json = "plain" base_path = "/janus" http = true port = ${settings.httpPort} ip = "127.0.0.1" https = false }\nadmin: { admin_http = false admin_https = false }\n`,
  );
  return folder;
}

/** The room server's settings for a Janus on this machine. */
export function roomServerVars(settings: JanusSettings, meshMax?: number): Record<string, string> {
  return {
    PARLEY_SFU_URL: `ws://127.0.0.1:${settings.wsPort}`,
    PARLEY_SFU_API_URL: `http://127.0.0.1:${settings.httpPort}/janus`,
    PARLEY_SFU_TOKEN_SECRET: settings.tokenSecret,
    PARLEY_SFU_ADMIN_KEY: settings.adminKey,
    ...(meshMax !== undefined && { PARLEY_MESH_MAX: String(meshMax) }),
  };
}

/** Starts Janus and waits until its HTTP API answers. */
export async function startJanus(settings: JanusSettings, { timeoutMs = 20_000 } = {}): Promise<LocalJanus> {
  const folder = writeJanusConfig(settings);
  const child = launchProcess(JANUS_BINARY, ["-F", folder, "-C", join(folder, "janus.jcfg")]);
  const stop = async () => {
    await stopProcess(child);
    rmSync(folder, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`http://127.0.0.1:${settings.httpPort}/janus/info`, {
        signal: AbortSignal.timeout(1000),
      });
      if (response.ok) return { settings, vars: roomServerVars(settings), child, stop };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await stop();
  throw new Error(`Janus did not start:\n${recentOutput(child)}`);
}
