/** A participant speaking the wire protocol over a real WebSocket, for tests and benchmarks. */
import WebSocket from "ws";
import { parseServerMessage, PROTOCOL_VERSION, type ServerMessage } from "../../lib/protocol";
import { createRoomId } from "../../lib/room-id";

/** Creates a meeting as the lobby does; the answer carries the meeting's host key. */
export async function createHostedRoom(
  partyHost: string,
  roomId = createRoomId(),
): Promise<{ roomId: string; hostKey: string }> {
  const response = await fetch(`http://${partyHost}/parties/main/${roomId}`, { method: "POST" });
  if (response.status !== 201) throw new Error(`Creating ${roomId} answered ${response.status}`);
  const { hostKey } = (await response.json()) as { hostKey: string };
  return { roomId, hostKey };
}

export async function createRoom(partyHost: string, roomId = createRoomId()): Promise<string> {
  return (await createHostedRoom(partyHost, roomId)).roomId;
}

export class RoomClient {
  readonly received: ServerMessage[] = [];
  closeCode: number | null = null;
  private waiters: { test: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const parsed = parseServerMessage(data.toString());
      if (!parsed.ok) throw new Error(`Server sent an invalid frame: ${parsed.reason}`);
      this.received.push(parsed.message);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.test(parsed.message)) return true;
        waiter.resolve(parsed.message);
        return false;
      });
    });
    socket.on("close", (code) => {
      this.closeCode = code;
      clearInterval(this.pinger);
    });
    // As a browser does: the server lets go of connections it does not hear from.
    this.pinger = setInterval(() => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "ping" }));
    }, 5000);
  }

  private readonly pinger: ReturnType<typeof setInterval>;

  /** `origin`: the page the connection claims to come from, as a browser's does (none by default). */
  static connect(partyHost: string, roomId: string, origin?: string): Promise<RoomClient> {
    return RoomClient.connectTo(`ws://${partyHost}/parties/main/${roomId}`, origin);
  }

  /** Any socket URL, such as one a browser in the meeting uses (with its connection id). */
  static async connectTo(url: string, origin?: string): Promise<RoomClient> {
    const socket = new WebSocket(url, origin ? { origin } : {});
    const client = new RoomClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    return client;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** Resolves with the first message, already received or still to come, that passes the test. */
  next<T extends ServerMessage["type"]>(
    type: T,
    test: (message: Extract<ServerMessage, { type: T }>) => boolean = () => true,
    { after = 0, timeoutMs = 5000 }: { after?: number; timeoutMs?: number } = {},
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const matches = (m: ServerMessage): m is Extract<ServerMessage, { type: T }> =>
      m.type === type && test(m as Extract<ServerMessage, { type: T }>);
    const earlier = this.received.slice(after).find(matches);
    if (earlier) return Promise.resolve(earlier);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`No ${type} message within ${timeoutMs} ms; got ${JSON.stringify(this.received)}`),
          ),
        timeoutMs,
      );
      this.waiters.push({
        test: matches,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as Extract<ServerMessage, { type: T }>);
        },
      });
    });
  }

  async join(name: string, hostKey?: string): Promise<Extract<ServerMessage, { type: "joined" }>["self"]> {
    const after = this.received.length;
    this.send({ type: "join", version: PROTOCOL_VERSION, name, ...(hostKey && { hostKey }) });
    const joined = await this.next("joined", () => true, { after });
    return joined.self;
  }

  /** Waits until the latest roster holds exactly these names, in join order. */
  rosterNames(names: string[], timeoutMs?: number): Promise<unknown> {
    return this.next(
      "roster",
      (m) => JSON.stringify(m.participants.map((p) => p.name)) === JSON.stringify(names),
      { after: this.lastRosterIndex(), timeoutMs },
    );
  }

  /** The roster most recently received. */
  latestRoster(): Extract<ServerMessage, { type: "roster" }> | undefined {
    const latest = this.received[this.lastRosterIndex()];
    return latest?.type === "roster" ? latest : undefined;
  }

  private lastRosterIndex(): number {
    for (let i = this.received.length - 1; i >= 0; i--) if (this.received[i]?.type === "roster") return i;
    return 0;
  }

  closed(): Promise<number> {
    if (this.closeCode !== null) return Promise.resolve(this.closeCode);
    return new Promise((resolve) => this.socket.once("close", (code) => resolve(code)));
  }

  close(): void {
    clearInterval(this.pinger);
    this.socket.close();
  }
}
