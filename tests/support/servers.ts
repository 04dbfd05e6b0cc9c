/** Starts the real room server, the real Next.js app and coturn on free ports, and stops them after. */
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasExited, launchProcess, recentOutput, stopProcess } from "../../scripts/processes";
import { ensureDebianPackage } from "./debian-packages";

const ROOT = join(import.meta.dirname, "..", "..");
const bin = (name: string) => join(ROOT, "node_modules", ".bin", name);

/** Runs from the project's folder, with Next's telemetry off. */
const launch = (command: string, args: string[], env: Record<string, string> = {}) =>
  launchProcess(command, args, { cwd: ROOT, env: { NEXT_TELEMETRY_DISABLED: "1", ...env } });

export interface RunningServer {
  port: number;
  /** host:port, as the app and PartySocket take it */
  host: string;
  url: string;
  stop(): Promise<void>;
  /** Kills the process, keeping its state, as a crash or a redeploy would. */
  halt(): Promise<void>;
  /** Starts it again after halt(), on the same port with the same state. */
  resume(): Promise<void>;
}

/**
 * Ports are chosen below the kernel's ephemeral range (32768 and up here), so the port a server is
 * about to take cannot be handed meanwhile to some other program's outgoing connection or
 * `listen(0)`: partykit builds for seconds before it binds, and a port from `listen(0)` was once
 * taken in that time. Janus's media ports are 30000-30999, so these stop short of them.
 */
const PORT_RANGE = { from: 20_000, to: 29_999 };
const portsGiven = new Set<number>();

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from + 1));
    if (portsGiven.has(port) || !(await canListenOn(port))) continue;
    portsGiven.add(port);
    return port;
  }
  throw new Error(`No free port between ${PORT_RANGE.from} and ${PORT_RANGE.to}`);
}

/** On every address, as partykit binds: a port in use on any one of them is refused. */
function canListenOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "0.0.0.0", () => server.close(() => resolve(true)));
  });
}

/**
 * `vars` become the room server's environment. STUN is off unless given: tests run with no network,
 * and host candidates on loopback are all a call between local browsers needs. Every test creates
 * its meetings from this one machine, so the per-address creation limit is raised unless a test
 * sets it (the limit's own tests do).
 */
export async function startPartyServer({
  capacity = 6,
  vars = {},
}: { capacity?: number; vars?: Record<string, string> } = {}): Promise<RunningServer> {
  const state = mkdtempSync(join(tmpdir(), "parley-party-"));
  const environment = {
    PARLEY_ROOM_CAPACITY: String(capacity),
    PARLEY_STUN_URLS: "",
    PARLEY_CREATE_PER_MINUTE: "10000",
    PARLEY_CREATE_PER_DAY: "10000",
    ...vars,
  };
  return serve({
    start: (port) =>
      launch(bin("partykit"), [
        "dev",
        "--port",
        String(port),
        "--persist",
        state,
        "--disable-request-cf-fetch",
        "--no-hotkeys",
        ...Object.entries(environment).flatMap(([name, value]) => ["--var", `${name}=${value}`]),
      ]),
    // Any answer will do: it means the worker is up and routing requests.
    ready: (child, host) =>
      waitForHttp(`http://${host}/parties/main/0000-0000-0000-0000`, child, "partykit dev"),
    cleanup: () => rmSync(state, { recursive: true, force: true }),
  });
}

export async function startAppServer({
  partyHost,
  env = {},
}: {
  partyHost: string;
  env?: Record<string, string>;
}): Promise<RunningServer> {
  if (!existsSync(join(ROOT, ".next", "BUILD_ID"))) {
    throw new Error("The app is not built. Run `npm run build` first (npm test does this for you).");
  }
  return serve({
    start: (port) =>
      launch(bin("next"), ["start", "--port", String(port), "--hostname", "127.0.0.1"], {
        PARLEY_PARTY_HOST: partyHost,
        ...env,
      }),
    ready: (child, host) => waitForHttp(`http://${host}/`, child, "next start"),
  });
}

/**
 * A real coturn on 127.0.0.1, answering TURN over UDP and TCP on one port, with the TURN REST
 * credentials scheme (`use-auth-secret`) the room server hands out credentials for. Loopback peers
 * are allowed because every browser of the test is on this machine.
 */
export async function startTurnServer({ secret }: { secret: string }): Promise<RunningServer> {
  const turnserver = ensureDebianPackage("/usr/bin/turnserver", "coturn", "The TURN relay tests");
  const args = (port: number) => [
    "-n",
    "--listening-ip=127.0.0.1",
    "--relay-ip=127.0.0.1",
    `--listening-port=${port}`,
    "--use-auth-secret",
    `--static-auth-secret=${secret}`,
    "--realm=parley.test",
    "--no-tls",
    "--no-dtls",
    "--no-cli",
    "--allow-loopback-peers",
    "--no-multicast-peers",
    "--fingerprint",
    "--log-file=stdout",
    "--simple-log",
  ];
  return serve({
    start: (port) => launch(turnserver, args(port)),
    ready: (child, _host, port) => waitForTcp(port, child, "turnserver"),
  });
}

/**
 * PeerJS's PeerServer on 127.0.0.1, the benchmark's reference signaling server. In a process of its
 * own: its timers cannot be stopped, and in the benchmark's process they would keep it from exiting.
 */
export async function startPeerServer(): Promise<RunningServer> {
  const script = `require("peer").PeerServer({ port: Number(process.argv[1]), host: "127.0.0.1", path: "/" })`;
  return serve({
    start: (port) => launch(process.execPath, ["-e", script, String(port)]),
    ready: (child, _host, port) => waitForTcp(port, child, "PeerServer"),
  });
}

/** Bounded at 30 s: these servers answer within two seconds here; one that has not by then is started afresh. */
async function waitForHttp(url: string, child: ChildProcess, name: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited(child)) throw new Error(`${name} exited early:\n${recentOutput(child)}`);
    if (PORT_TAKEN.test(recentOutput(child))) {
      await stopProcess(child);
      throw new PortTaken(url);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await stopProcess(child);
  throw new NotReady(`${name} did not answer at ${url} within ${timeoutMs} ms:\n${recentOutput(child)}`);
}

async function waitForTcp(port: number, child: ChildProcess, name: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited(child)) throw new Error(`${name} exited early:\n${recentOutput(child)}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stopProcess(child);
  throw new NotReady(`${name} did not listen on ${port} within ${timeoutMs} ms:\n${recentOutput(child)}`);
}

/** What a server prints when its port was taken after it was chosen (partykit keeps running then). */
const PORT_TAKEN = /address already in use|EADDRINUSE/i;

class PortTaken extends Error {
  constructor(url: string) {
    super(`The port of ${url} was taken before the server could listen on it`);
  }
}

/**
 * A server that started but never answered: `partykit dev` has once printed "starting server..." and
 * then not answered for a minute, on a busy machine, where it answers within two seconds. It is
 * stopped by then and started afresh.
 */
class NotReady extends Error {}

interface ServeOptions {
  start: (port: number) => ChildProcess;
  ready: (child: ChildProcess, host: string, port: number) => Promise<void>;
  cleanup?: () => void;
}

/** Runs `attempt` up to three times, again after a failure that `retryable` accepts. */
async function withRetries(attempt: () => Promise<void>, retryable: (error: unknown) => boolean) {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!retryable(error) || n === 3) throw error;
      console.warn(`${(error as Error).message}\nStarting it again (try ${n + 1} of 3).`);
    }
  }
}

/**
 * Starts a server on a free port, and again on another one if that port is taken meanwhile or the
 * server does not answer in time (three tries).
 */
async function serve({ start, ready, cleanup }: ServeOptions): Promise<RunningServer> {
  let port = 0;
  let child: ChildProcess | undefined;
  const startOn = async (chosen: number) => {
    child = start(chosen);
    await ready(child, `127.0.0.1:${chosen}`, chosen);
  };
  try {
    await withRetries(
      async () => startOn((port = await freePort())),
      (error) => error instanceof PortTaken || error instanceof NotReady,
    );
  } catch (error) {
    cleanup?.();
    throw error;
  }
  const host = `127.0.0.1:${port}`;
  const running = () => {
    if (!child) throw new Error(`The server on ${host} never started.`);
    return child;
  };
  return {
    port,
    host,
    url: `http://${host}`,
    stop: async () => {
      await stopProcess(running());
      cleanup?.();
    },
    halt: () => stopProcess(running()),
    // On the same port, which the pages reconnect to: a start there that never answers is tried again.
    resume: () =>
      withRetries(
        () => startOn(port),
        (error) => error instanceof NotReady,
      ),
  };
}
