import { parseServerMessage, type ServerMessage } from "@/lib/protocol";
import type { RoomSocket } from "@/party/room";

/** A socket that keeps what the room sends it, parsed as a browser would, and how it was closed. */
export class MemorySocket implements RoomSocket {
  readonly received: ServerMessage[] = [];
  closedWith: number | null = null;
  constructor(readonly id: string) {}
  send(data: string): void {
    const parsed = parseServerMessage(data);
    if (!parsed.ok) throw new Error(`The room sent an invalid frame: ${parsed.reason}`);
    this.received.push(parsed.message);
  }
  close(code?: number): void {
    this.closedWith = code ?? 1000;
  }
  all<T extends ServerMessage["type"]>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.received.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }
  last<T extends ServerMessage["type"]>(type: T): Extract<ServerMessage, { type: T }> | undefined {
    return this.all(type).at(-1);
  }
  /** The codes of the errors received, in order. */
  errors(): string[] {
    return this.all("error").map((error) => error.code);
  }
}
