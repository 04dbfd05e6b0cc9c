/**
 * The PartyKit entry point: a thin adapter from PartyKit's callbacks to the Room class. Each meeting is
 * its own PartyKit room (a Durable Object when deployed), so rooms scale out independently.
 */
import type * as Party from "partykit/server";
import { isRoomId } from "../lib/room-id";
import { createHostKey, hashHostKey } from "./host-key";
import { iceConfigFor, readIceSettings } from "./ice-config";
import { parseCapacity, Room, type RoomSnapshot } from "./room";
import { JanusRooms, readSfuSettings } from "./sfu";

const CREATED_KEY = "created";
const HOST_KEY_HASH_KEY = "hostKeyHash";
const MEMBERS_KEY = "members";
/** How often silent connections and members who did not come back are let go. */
const SWEEP_EVERY_MS = 5000;

const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
  "Access-Control-Max-Age": "86400",
};

export default class ParleyServer implements Party.Server {
  private readonly logic: Room;

  constructor(readonly room: Party.Room) {
    const ice = readIceSettings(room.env);
    const sfu = readSfuSettings(room.env);
    this.logic = new Room({
      capacity: parseCapacity(room.env.PARLEY_ROOM_CAPACITY),
      meetingId: room.id,
      sfu: sfu && new JanusRooms(sfu),
      iceConfig: (participantId) => iceConfigFor(ice, participantId, Date.now()),
      // Kept in the room's storage, so a restarted server knows who to expect back.
      persist: (snapshot) => void this.room.storage.put(MEMBERS_KEY, snapshot),
    });
  }

  async onStart(): Promise<void> {
    if (isRoomId(this.room.id) && (await this.room.storage.get<boolean>(CREATED_KEY))) {
      this.logic.markCreated((await this.room.storage.get<string>(HOST_KEY_HASH_KEY)) ?? null);
      const snapshot = await this.room.storage.get<RoomSnapshot>(MEMBERS_KEY);
      if (snapshot) this.logic.restore(snapshot);
    }
    setInterval(() => this.logic.sweep(), SWEEP_EVERY_MS);
  }

  onConnect(connection: Party.Connection): void {
    this.logic.connect(connection);
  }

  onMessage(message: string | ArrayBuffer | ArrayBufferView, sender: Party.Connection): void {
    this.logic.receive(sender, message);
  }

  onClose(connection: Party.Connection): void {
    this.logic.disconnect(connection);
  }

  onError(connection: Party.Connection): void {
    this.logic.disconnect(connection);
  }

  /**
   * POST creates the meeting (the lobby's "New meeting") and answers, once, with its host key; a
   * meeting that exists already is not created again, so nobody can take a meeting over that way.
   * GET tells whether it exists.
   */
  async onRequest(request: Party.Request): Promise<Response> {
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS_HEADERS });
    if (!isRoomId(this.room.id)) return json({ error: "That is not a meeting code." }, 400);
    if (request.method === "POST") {
      if (this.logic.isCreated) return json({ error: "That meeting exists already." }, 409);
      const hostKey = createHostKey();
      const hash = hashHostKey(hostKey);
      await this.room.storage.put({ [CREATED_KEY]: true, [HOST_KEY_HASH_KEY]: hash });
      this.logic.markCreated(hash);
      return json({ id: this.room.id, hostKey }, 201);
    }
    if (request.method === "GET") {
      return json({ id: this.room.id, exists: this.logic.isCreated }, this.logic.isCreated ? 200 : 404);
    }
    return json({ error: "Method not allowed." }, 405);
  }
}

function json(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...CORS_HEADERS, "Content-Type": "application/json" },
  });
}

ParleyServer satisfies Party.Worker;
