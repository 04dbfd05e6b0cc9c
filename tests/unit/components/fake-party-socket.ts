/**
 * Stands in for the "partysocket" module (vi.mock("partysocket", () => import(".../fake-party-socket"))).
 * It records what the app sends and lets a test play the room server: open, drop, and deliver frames.
 */
import { vi } from "vitest";
import * as v from "valibot";
import { clientMessageSchema } from "@/lib/client-messages";
import type { ClientMessage, ServerMessage } from "@/lib/protocol";

/** What the session passes PartySocket: where to connect, and how soon to try again. */
interface PartyAddress {
  host: string;
  room: string;
  minReconnectionDelay?: number;
}

export default class FakePartySocket extends EventTarget {
  static readonly instances: FakePartySocket[] = [];
  static readonly fetch = vi.fn<(address: PartyAddress, init?: RequestInit) => Promise<Response>>();

  /** The socket the app opened most recently. */
  static latest(): FakePartySocket {
    const socket = FakePartySocket.instances.at(-1);
    if (!socket) throw new Error("The app has not opened a socket.");
    return socket;
  }

  static reset(): void {
    FakePartySocket.instances.length = 0;
    FakePartySocket.fetch.mockReset();
  }

  readyState: number = WebSocket.CONNECTING;
  closedByApp = false;
  private readonly frames: string[] = [];

  constructor(readonly address: PartyAddress) {
    super();
    FakePartySocket.instances.push(this);
  }

  send(frame: string): void {
    if (this.readyState !== WebSocket.OPEN) throw new Error("Sent on a socket that is not open.");
    this.frames.push(frame);
  }

  close(): void {
    this.closedByApp = true;
    this.readyState = WebSocket.CLOSED;
  }

  /** Times the app asked for a fresh connection (its heartbeat heard nothing for too long). */
  reconnects = 0;
  reconnect(): void {
    this.reconnects += 1;
  }

  /** Every frame sent so far, checked against the protocol as the server would check it. */
  get sent(): ClientMessage[] {
    return this.frames.map((frame) => v.parse(clientMessageSchema, JSON.parse(frame)));
  }

  serverOpens(): void {
    this.readyState = WebSocket.OPEN;
    this.dispatchEvent(new Event("open"));
  }

  serverDrops(): void {
    this.readyState = WebSocket.CLOSED;
    this.dispatchEvent(new Event("close"));
  }

  serverSends(message: ServerMessage): void {
    this.dispatchEvent(new MessageEvent("message", { data: JSON.stringify(message) }));
  }
}
