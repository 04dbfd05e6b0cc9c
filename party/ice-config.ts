/**
 * The ICE servers browsers use, configured on the room server only: STUN for anyone, and TURN with
 * short-lived credentials made per participant (the TURN REST API scheme coturn implements with
 * `use-auth-secret`), so the shared secret never reaches a browser.
 */
import type { IceServer, ServerMessage } from "../lib/protocol";
import { hmacSha1Base64 } from "./hmac";

export type IceConfig = Omit<Extract<ServerMessage, { type: "ice-config" }>, "type">;

export interface IceSettings {
  stunUrls: string[];
  turnUrls: string[];
  turnSecret: string | null;
  ttlSeconds: number;
  iceTransportPolicy: "all" | "relay";
}

export const DEFAULT_STUN_URLS = ["stun:stun.cloudflare.com:3478"];
/** A few hours: a long meeting asks for fresh credentials before then. */
export const DEFAULT_TURN_TTL_SECONDS = 4 * 60 * 60;
const ICE_URL = /^(stun|stuns|turn|turns):[^\s,]+$/;

function urlList(value: unknown, fallback: string[]): string[] {
  if (typeof value !== "string") return fallback;
  return value
    .split(",")
    .map((url) => url.trim())
    .filter((url) => ICE_URL.test(url));
}

/** Reads the room server's environment; anything unusable falls back to a safe default. */
export function readIceSettings(env: Record<string, unknown>): IceSettings {
  const ttl = Number(env.PARLEY_TURN_TTL_SECONDS);
  const secret = typeof env.PARLEY_TURN_SECRET === "string" ? env.PARLEY_TURN_SECRET : "";
  return {
    stunUrls: urlList(env.PARLEY_STUN_URLS, DEFAULT_STUN_URLS),
    turnUrls: urlList(env.PARLEY_TURN_URLS, []),
    turnSecret: secret.length > 0 ? secret : null,
    ttlSeconds: Number.isInteger(ttl) && ttl >= 1 ? ttl : DEFAULT_TURN_TTL_SECONDS,
    iceTransportPolicy: env.PARLEY_ICE_TRANSPORT_POLICY === "relay" ? "relay" : "all",
  };
}

/** username `<expiry in unix seconds>:<participant id>`, password base64(HMAC-SHA1(secret, username)). */
export async function turnCredentials(
  secret: string,
  participantId: string,
  ttlSeconds: number,
  nowMs: number,
): Promise<{ username: string; credential: string; expiresAt: number }> {
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiry}:${participantId}`;
  const credential = await hmacSha1Base64(secret, username);
  return { username, credential, expiresAt: expiry * 1000 };
}

/** What one connection may use: STUN always; TURN only for a participant, with their own credentials. */
export async function iceConfigFor(
  settings: IceSettings,
  participantId: string | null,
  nowMs: number,
): Promise<IceConfig> {
  const iceServers: IceServer[] = settings.stunUrls.length > 0 ? [{ urls: settings.stunUrls }] : [];
  let expiresAt: number | null = null;
  if (participantId && settings.turnSecret && settings.turnUrls.length > 0) {
    const turn = await turnCredentials(settings.turnSecret, participantId, settings.ttlSeconds, nowMs);
    iceServers.push({ urls: settings.turnUrls, username: turn.username, credential: turn.credential });
    expiresAt = turn.expiresAt;
  }
  return { iceServers, iceTransportPolicy: settings.iceTransportPolicy, expiresAt };
}
