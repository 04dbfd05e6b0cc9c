/**
 * The PartyKit entry point: a thin adapter from PartyKit's callbacks to the Room class. Each meeting is
 * its own PartyKit room (a Durable Object when deployed), so rooms scale out independently.
 */
import type * as Party from "partykit/server";
import { isRoomId } from "../lib/room-id";
import { parseCapacity, Room } from "./room";

const CREATED_KEY = "created";

const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
  "Access-Control-Max-Age": "86400",
};

export default class ParleyServer implements Party.Server {
  private readonly logic: Room;

  constructor(readonly room: Party.Room) {
    this.logic = new Room({ capacity: parseCapacity(room.env.PARLEY_ROOM_CAPACITY) });
  }

  async onStart(): Promise<void> {
    if (isRoomId(this.room.id) && (await this.room.storage.get<boolean>(CREATED_KEY))) {
      this.logic.markCreated();
    }
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

  /** POST creates the meeting (the lobby's "New meeting"); GET tells whether it exists. */
  async onRequest(request: Party.Request): Promise<Response> {
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS_HEADERS });
    if (!isRoomId(this.room.id)) return json({ error: "That is not a meeting code." }, 400);
    if (request.method === "POST") {
      await this.room.storage.put(CREATED_KEY, true);
      this.logic.markCreated();
      return json({ id: this.room.id }, 201);
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
