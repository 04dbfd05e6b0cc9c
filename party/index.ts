/**
 * The PartyKit entry point: a thin adapter from PartyKit's callbacks to the Room class. Each meeting is
 * its own PartyKit room (a Durable Object when deployed), so rooms scale out independently.
 *
 * Before a request reaches a meeting, the edge worker turns away other sites' pages and clients that
 * start meetings too fast, so neither can make a Durable Object exist.
 */
import type * as Party from "partykit/server";
import { isRoomId } from "../lib/room-id";
import { addressKey } from "./creation-limit";
import { createHostKey, hashHostKey } from "./host-key";
import { iceConfigFor, readIceSettings } from "./ice-config";
import { readMeetingExpiryMs } from "./meeting-expiry";
import {
  corsHeaders,
  originAllowed,
  readOriginPolicy,
  type OriginPolicy,
  type RequestHeaders,
} from "./origins";
import { parseCapacity, RESUME_GRACE_MS, Room, type RoomSnapshot } from "./room";
import { JanusRooms, readSfuSettings } from "./sfu";

const CREATED_KEY = "created";
const HOST_KEY_HASH_KEY = "hostKeyHash";
const MEMBERS_KEY = "members";
/** How often silent connections and members who did not come back are let go, while there are any. */
export const SWEEP_EVERY_MS = 5000;

const FOREIGN_ORIGIN = "Meetings on this server can be started and joined only from Parley's own pages.";

export default class ParleyServer implements Party.Server {
  private logic: Room;
  private readonly origins: OriginPolicy;
  private readonly expiryMs: number;
  private sweeper: ReturnType<typeof setInterval> | null = null;
  /**
   * The meeting's code. PartyKit's room.id throws in a room its alarm woke (and keeps throwing in that
   * instance afterwards), so the code is also read from the first request's address.
   */
  private code: string | null;

  constructor(readonly room: Party.Room) {
    this.origins = readOriginPolicy(room.env);
    this.expiryMs = readMeetingExpiryMs(room.env);
    this.code = codeOf(room);
    this.logic = this.newMeeting();
  }

  /** A meeting as the server starts it: nobody in it, nothing said, not locked. */
  private newMeeting(): Room {
    const { room } = this;
    const ice = readIceSettings(room.env);
    const sfu = readSfuSettings(room.env);
    return new Room({
      capacity: parseCapacity(room.env.PARLEY_ROOM_CAPACITY),
      // Only names the SFU room: a meeting whose code is not known yet still gets a working one.
      meetingId: () => this.code ?? "meeting",
      sfu: sfu && new JanusRooms(sfu),
      iceConfig: (participantId) => iceConfigFor(ice, participantId, Date.now()),
      // Kept in the room's storage, so a restarted server knows who to expect back.
      persist: (snapshot) => void this.room.storage.put(MEMBERS_KEY, snapshot),
      joined: () => void this.room.storage.setAlarm(Date.now() + this.expiryMs),
    });
  }

  /** Other sites' pages are refused here, and meeting creations counted per client address. */
  static async onBeforeRequest(
    request: Party.Request,
    lobby: Party.Lobby,
  ): Promise<Party.Request | Response> {
    const origins = readOriginPolicy(lobby.env);
    if (!originAllowed(request, origins)) return json({ error: FOREIGN_ORIGIN }, 403, request, origins);
    // Answered here, so that a browser's preflight never wakes a meeting.
    if (request.method === "OPTIONS") {
      return new Response(null, { status: 204, headers: corsHeaders(request, origins) });
    }
    if (request.method !== "POST") return request;
    const limiter = lobby.parties.limiter;
    if (!limiter) throw new Error("partykit.json must declare the limiter party.");
    const verdict = await limiter.get(addressKey(request)).fetch({ method: "POST" });
    if (verdict.status === 204) return request;
    if (verdict.status !== 429) {
      // A counter that cannot answer (misconfigured, say) must not wave creations through.
      return json({ error: "Meetings can't be started right now. Try again later." }, 503, request, origins);
    }
    const retryAfter = verdict.headers.get("Retry-After") ?? "60";
    const error = "Too many meetings started from this address. Try again later.";
    return json({ error }, 429, request, origins, { "Retry-After": retryAfter });
  }

  static onBeforeConnect(request: Party.Request, lobby: Party.Lobby): Party.Request | Response {
    const origins = readOriginPolicy(lobby.env);
    return originAllowed(request, origins) ? request : new Response(FOREIGN_ORIGIN, { status: 403 });
  }

  async onStart(): Promise<void> {
    // No room id here: a room woken by its alarm has none. A room was created under a valid code.
    const stored = await this.room.storage.get<unknown>([CREATED_KEY, HOST_KEY_HASH_KEY, MEMBERS_KEY]);
    if (stored.get(CREATED_KEY) !== true) return;
    const hostKeyHash = stored.get(HOST_KEY_HASH_KEY);
    this.logic.markCreated(typeof hostKeyHash === "string" ? hostKeyHash : null);
    const snapshot = stored.get(MEMBERS_KEY) as RoomSnapshot | undefined;
    if (snapshot) this.logic.restore(snapshot);
    this.sweepWhileNeeded();
    // A meeting created before meetings expired has no alarm: it gets one, counted from now.
    if ((await this.room.storage.getAlarm()) === null) {
      await this.room.storage.setAlarm(Date.now() + this.expiryMs);
    }
  }

  onConnect(connection: Party.Connection): void {
    this.code ??= codeFromUrl(connection.uri);
    this.logic.connect(connection);
    this.sweepWhileNeeded();
  }

  onMessage(message: string | ArrayBuffer | ArrayBufferView, sender: Party.Connection): void {
    this.logic.receive(sender, message);
  }

  onClose(connection: Party.Connection): void {
    this.logic.disconnect(connection);
    // The runtime does not answer a close frame itself (before its compatibility date 2026-04-07):
    // without the answer, the closing browser holds the socket as closing until it gives up on it,
    // tens of seconds, and learns nothing of the close until then.
    connection.close();
  }

  onError(connection: Party.Connection): void {
    this.logic.disconnect(connection);
  }

  /**
   * The meeting has gone unjoined for its whole expiry: it is deleted with everything it kept, and
   * its code now finds nothing. One in use right now is looked at again a whole expiry later.
   */
  async onAlarm(): Promise<void> {
    if (this.logic.inUse) {
      await this.room.storage.setAlarm(Date.now() + this.expiryMs);
      return;
    }
    // Someone reconnecting keeps their place for a moment: look again once they are back or gone.
    if (this.logic.participants.length > 0) {
      await this.room.storage.setAlarm(Date.now() + RESUME_GRACE_MS + SWEEP_EVERY_MS);
      return;
    }
    await this.room.storage.deleteAll();
    this.logic.end();
    // Nothing of it stays in memory either (its chat, its lock): should its code ever be created
    // again, that is another meeting.
    this.logic = this.newMeeting();
  }

  /**
   * POST creates the meeting (the lobby's "New meeting") and answers, once, with its host key; a
   * meeting that exists already is not created again, so nobody can take a meeting over that way.
   * GET tells whether it exists.
   */
  async onRequest(request: Party.Request): Promise<Response> {
    const reply = (body: unknown, status: number) => json(body, status, request, this.origins);
    this.code ??= codeFromUrl(request.url);
    const id = this.code;
    if (!isRoomId(id)) return reply({ error: "That is not a meeting code." }, 400);
    if (request.method === "POST") {
      if (this.logic.isCreated) return reply({ error: "That meeting exists already." }, 409);
      const hostKey = createHostKey();
      const hash = hashHostKey(hostKey);
      await this.room.storage.put({ [CREATED_KEY]: true, [HOST_KEY_HASH_KEY]: hash });
      await this.room.storage.setAlarm(Date.now() + this.expiryMs);
      this.logic.markCreated(hash);
      return reply({ id, hostKey }, 201);
    }
    if (request.method === "GET") {
      const exists = this.logic.isCreated;
      return reply({ id, exists }, exists ? 200 : 404);
    }
    return reply({ error: "Method not allowed." }, 405);
  }

  /**
   * Sweeps run only while there is something to sweep (a connection, a member to wait for, an SFU
   * room to release): an idle meeting schedules no work, and its Durable Object can be evicted.
   */
  private sweepWhileNeeded(): void {
    if (this.sweeper !== null || this.logic.idle) return;
    const sweeper = setInterval(() => {
      this.logic.sweep();
      if (!this.logic.idle) return;
      clearInterval(sweeper);
      this.sweeper = null;
    }, SWEEP_EVERY_MS);
    this.sweeper = sweeper;
  }
}

/** room.id, or null where PartyKit cannot give it (a room woken by its alarm). */
function codeOf(room: Party.Room): string | null {
  try {
    return room.id;
  } catch {
    return null;
  }
}

/** The meeting's code from a request to /parties/main/<code> (a real code needs no decoding). */
function codeFromUrl(url: string): string {
  return new URL(url).pathname.split("/").at(-1) ?? "";
}

function json(
  body: unknown,
  status: number,
  request: RequestHeaders,
  origins: OriginPolicy,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...corsHeaders(request, origins), "Content-Type": "application/json", ...headers },
  });
}

ParleyServer satisfies Party.Worker;
