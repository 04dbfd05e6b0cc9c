/**
 * The room server's side of large meetings: it alone talks to the SFU (a Janus WebRTC Server with the
 * VideoRoom plugin) with its secrets. For each meeting that grows past a mesh it creates a private
 * Janus room (random pin and secret, created with the admin key so nobody else can create rooms),
 * gives each admitted participant a short-lived signed token and the pin, kicks whom a host removes,
 * and destroys the room when the meeting no longer needs it. No Janus secret reaches a browser.
 */
import { hmacSha1Base64 } from "./hmac";

export interface SfuSettings {
  /** Where browsers reach Janus's WebSocket API (wss:// in production). */
  browserUrl: string;
  /** Where this server reaches Janus's HTTP API. */
  apiUrl: string;
  /** Janus's `token_auth_secret`. */
  tokenSecret: string;
  /** The VideoRoom plugin's `admin_key`. */
  adminKey: string;
  tokenTtlSeconds: number;
  /** Above this many people a meeting moves to the SFU. */
  meshMax: number;
  /** The most people a meeting on the SFU holds. */
  capacity: number;
}

/** What one participant needs to join a meeting's Janus room. */
export interface SfuAccess {
  url: string;
  room: string;
  pin: string;
  token: string;
  /** When the token stops working (ms since the epoch): ask for a new one before then. */
  expiresAt: number;
}

export const DEFAULT_MESH_MAX = 4;
export const DEFAULT_SFU_CAPACITY = 50;
export const DEFAULT_SFU_TOKEN_TTL_SECONDS = 60 * 60;
/** The most the SFU may hold: Janus copes with far more, a page's layout with about this many. */
const MAX_SFU_CAPACITY = 100;
const PLUGIN = "janus.plugin.videoroom";
const REQUEST_TIMEOUT_MS = 5000;

function integerIn(value: unknown, min: number, max: number, fallback: number): number {
  const number = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isInteger(number) && number >= min && number <= max ? number : fallback;
}

const nonEmpty = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);

/** Null unless the SFU is fully configured: a half-configured one would fail mid-meeting. */
export function readSfuSettings(env: Record<string, unknown>): SfuSettings | null {
  const browserUrl = nonEmpty(env.PARLEY_SFU_URL);
  const apiUrl = nonEmpty(env.PARLEY_SFU_API_URL);
  const tokenSecret = nonEmpty(env.PARLEY_SFU_TOKEN_SECRET);
  const adminKey = nonEmpty(env.PARLEY_SFU_ADMIN_KEY);
  if (!browserUrl || !apiUrl || !tokenSecret || !adminKey) return null;
  if (!/^wss?:\/\/\S+$/i.test(browserUrl) || !/^https?:\/\/\S+$/i.test(apiUrl)) return null;
  return {
    browserUrl,
    apiUrl: apiUrl.replace(/\/+$/, ""),
    tokenSecret,
    adminKey,
    tokenTtlSeconds: integerIn(
      env.PARLEY_SFU_TOKEN_TTL_SECONDS,
      60,
      24 * 3600,
      DEFAULT_SFU_TOKEN_TTL_SECONDS,
    ),
    meshMax: integerIn(env.PARLEY_MESH_MAX, 2, 49, DEFAULT_MESH_MAX),
    capacity: integerIn(env.PARLEY_SFU_CAPACITY, 2, MAX_SFU_CAPACITY, DEFAULT_SFU_CAPACITY),
  };
}

/**
 * A Janus signed token: `expiry,janus,plugin:signature`, the signature base64(HMAC-SHA1(secret,
 * "expiry,janus,plugin")). Janus checks it on every request, keepalives included.
 */
export async function janusToken(secret: string, ttlSeconds: number, nowMs: number) {
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  const data = `${expiry},janus,${PLUGIN}`;
  return { token: `${data}:${await hmacSha1Base64(secret, data)}`, expiresAt: expiry * 1000 };
}

/** A Janus room of one meeting: its pin lets participants in, its secret lets this server manage it. */
export interface SfuRoom {
  room: string;
  pin: string;
  secret: string;
}

/** What the room logic needs of the SFU; `JanusRooms` is the real one. */
export interface SfuRooms {
  create(meetingId: string): Promise<SfuRoom>;
  /** A new pin for people who join from now on (after someone was removed); those in it stay. */
  changePin(room: SfuRoom): Promise<SfuRoom>;
  /** Takes every feed of a participant out of the room. */
  kick(room: SfuRoom, participantId: string): Promise<void>;
  destroy(room: SfuRoom): Promise<void>;
  exists(room: SfuRoom): Promise<boolean>;
  access(room: SfuRoom, nowMs: number): Promise<SfuAccess>;
  readonly meshMax: number;
  readonly capacity: number;
}

export class JanusError extends Error {}

const randomSecret = () => crypto.randomUUID().replaceAll("-", "");

/**
 * Janus's HTTP API, one short session per operation: these are rare (a meeting's switch, a removal,
 * its end), and a session kept open would need keepalives in a room server that is otherwise idle.
 */
export class JanusRooms implements SfuRooms {
  constructor(
    private readonly settings: SfuSettings,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  get meshMax(): number {
    return this.settings.meshMax;
  }

  get capacity(): number {
    return this.settings.capacity;
  }

  async create(meetingId: string): Promise<SfuRoom> {
    // A fresh room id each time: one left behind by an earlier run of this meeting is never reused.
    const room: SfuRoom = {
      room: `${meetingId}-${randomSecret().slice(0, 8)}`,
      pin: randomSecret(),
      secret: randomSecret(),
    };
    await this.plugin({
      request: "create",
      room: room.room,
      admin_key: this.settings.adminKey,
      is_private: true,
      pin: room.pin,
      secret: room.secret,
      publishers: this.settings.capacity * 2,
      // Every browser decodes VP8 and sends it in simulcast; Opus with in-band FEC for audio.
      videocodec: "vp8",
      audiocodec: "opus",
      bitrate: 1_500_000,
      fir_freq: 10,
      audiolevel_event: false,
      notify_joining: false,
    });
    return room;
  }

  async changePin(room: SfuRoom): Promise<SfuRoom> {
    const next = { ...room, pin: randomSecret() };
    await this.plugin({ request: "edit", room: room.room, secret: room.secret, new_pin: next.pin });
    return next;
  }

  async kick(room: SfuRoom, participantId: string): Promise<void> {
    const listed = await this.plugin({ request: "listparticipants", room: room.room, secret: room.secret });
    const participants = Array.isArray(listed.participants) ? listed.participants : [];
    const theirs = participants
      .map((entry: unknown) => (entry as { id?: unknown }).id)
      .filter((id): id is string => typeof id === "string" && id.startsWith(`${participantId}~`));
    for (const id of theirs) await this.plugin({ request: "kick", room: room.room, secret: room.secret, id });
  }

  async destroy(room: SfuRoom): Promise<void> {
    await this.plugin({ request: "destroy", room: room.room, secret: room.secret });
  }

  async exists(room: SfuRoom): Promise<boolean> {
    return (await this.plugin({ request: "exists", room: room.room })).exists === true;
  }

  async access(room: SfuRoom, nowMs: number): Promise<SfuAccess> {
    const { token, expiresAt } = await janusToken(
      this.settings.tokenSecret,
      this.settings.tokenTtlSeconds,
      nowMs,
    );
    return { url: this.settings.browserUrl, room: room.room, pin: room.pin, token, expiresAt };
  }

  /** One VideoRoom request in a session of its own; its answer, or a JanusError saying what failed. */
  private async plugin(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { token } = await janusToken(this.settings.tokenSecret, 60, Date.now());
    const session = await this.call("", { janus: "create", token });
    const sessionPath = `/${session}`;
    try {
      const handle = await this.call(sessionPath, { janus: "attach", plugin: PLUGIN, token });
      const answer = await this.post(`${sessionPath}/${handle}`, { janus: "message", token, body });
      const data = (answer.plugindata as { data?: Record<string, unknown> } | undefined)?.data;
      if (!data) throw new JanusError(`Janus gave no answer to ${String(body.request)}`);
      if (data.error_code)
        throw new JanusError(`Janus refused ${String(body.request)}: ${String(data.error)}`);
      return data;
    } finally {
      await this.post(sessionPath, { janus: "destroy", token }).catch(() => {});
    }
  }

  /** A Janus core request whose answer carries an id (a session's or a handle's). */
  private async call(path: string, body: Record<string, unknown>): Promise<number> {
    const answer = await this.post(path, body);
    const id = (answer.data as { id?: unknown } | undefined)?.id;
    if (typeof id !== "number") throw new JanusError(`Janus gave no id for ${String(body.janus)}`);
    return id;
  }

  private async post(path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = await this.fetchImpl(`${this.settings.apiUrl}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ transaction: randomSecret(), ...body }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (answer.janus === "error") {
      const error = answer.error as { reason?: unknown } | undefined;
      throw new JanusError(`Janus refused ${String(body.janus)}: ${String(error?.reason)}`);
    }
    return answer;
  }
}
