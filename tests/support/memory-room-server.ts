/**
 * The real Room class, served in memory to real RoomSessions: each session's socket is a
 * RoomClientSocket that reconnects by itself, as PartySocket does, with frames delivered
 * asynchronously and in order both ways (each after a jitter of its own, if asked). The server can
 * be restarted (a new Room from what the old one persisted, with everyone's connections dropped),
 * one session's connection cut for a while, and one page made busy (handling everything late).
 */
import type { RoomClientSocket } from "@/lib/call/client-socket";
import type { MembersSnapshot } from "@/party/members";
import { Room, type RoomSocket } from "@/party/room";
import type { SfuRooms } from "@/party/sfu";
import { InOrder } from "./in-order";
import type { Random } from "./seeded-random";

/** As PartySocket's first retries: soon, and again every so often while the server is away. */
const RECONNECT_AFTER_MS = 250;
const LATENCY_MS = 2;
/** With a jittery network (see the constructor), each frame takes up to this much longer, in order. */
const MAX_JITTER_MS = 40;
/** As the PartyKit adapter: silent connections and members who did not come back are let go. */
const SWEEP_EVERY_MS = 1000;

type Listener = (event: { data: unknown }) => void;

export class MemoryRoomServer {
  private room: Room;
  private snapshot: MembersSnapshot | null = null;
  private down = false;
  private readonly sockets = new Set<MemoryClientSocket>();
  private readonly sweeper = setInterval(() => this.room.sweep(), SWEEP_EVERY_MS);

  /**
   * `sfu`: where the meeting's media goes once it outgrows the mesh (none: it never does). `jitter`:
   * each frame's extra delay comes from it (a seeded one replays), frames still arriving in order.
   */
  constructor(
    private readonly capacity = 6,
    private readonly sfu: SfuRooms | null = null,
    private readonly jitter: Random | null = null,
  ) {
    this.room = this.makeRoom();
  }

  /** How long the next frame takes, one way. */
  latency(): number {
    return LATENCY_MS + (this.jitter ? Math.floor(this.jitter() * MAX_JITTER_MS) : 0);
  }

  get participants() {
    return this.room.participants;
  }

  /** For RoomSessionOptions.openSocket. */
  readonly openSocket = (): MemoryClientSocket => {
    const socket = new MemoryClientSocket(this);
    this.sockets.add(socket);
    return socket;
  };

  /** The server goes away for `ms`, as a crash or a redeploy, and comes back with what it persisted. */
  async restart(ms: number): Promise<void> {
    this.down = true;
    for (const socket of this.sockets) socket.drop();
    await sleep(ms);
    this.room = this.makeRoom();
    if (this.snapshot) this.room.restore(this.snapshot);
    this.down = false;
  }

  /** Frames this connection could not be opened with while the server is down. */
  accepts(): boolean {
    return !this.down;
  }

  attach(socket: RoomSocket): Room {
    this.room.connect(socket);
    return this.room;
  }

  forget(socket: MemoryClientSocket): void {
    this.sockets.delete(socket);
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const socket of this.sockets) socket.close();
  }

  private makeRoom(): Room {
    const room = new Room({
      capacity: this.capacity,
      sfu: this.sfu,
      persist: (snapshot) => (this.snapshot = structuredClone(snapshot)),
    });
    room.markCreated();
    return room;
  }
}

/** One browser's connection, on whichever Room is serving when it connects. */
export class MemoryClientSocket implements RoomClientSocket {
  readyState = 0;
  /** The type of every frame this socket sent ("out:join") and was sent ("in:joined"), in order. */
  readonly trace: string[] = [];
  private readonly listeners = { open: [] as Listener[], close: [] as Listener[], message: [] as Listener[] };
  private server: { room: Room; socket: RoomSocket } | null = null;
  /** The connection this side closed: what was sent on it before still arrives, as on a WebSocket. */
  private closedCleanly: { room: Room; socket: RoomSocket } | null = null;
  private closed = false;
  private blockedUntil = 0;
  /** A busy page (see `busy`) handles what reaches it this late, until then. */
  private lateMs = 0;
  private busyUntil = 0;
  /** Frames reach the page in the order sent, however late each one is, and the server likewise. */
  private readonly toPage = new InOrder();
  private readonly toServer = new InOrder();
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: MemoryRoomServer) {
    this.retry = setTimeout(() => this.open(), LATENCY_MS);
  }

  addEventListener(type: "open" | "close" | "message", listener: Listener): void {
    this.listeners[type].push(listener);
  }

  send(data: string): void {
    const server = this.server;
    if (!server) throw new Error("Sent on a socket that is not open.");
    this.trace.push(`out:${typeOf(data)}`);
    this.toServer.push(Date.now() + this.host.latency(), () => {
      if (this.server === server || this.closedCleanly === server) server.room.receive(server.socket, data);
    });
  }

  reconnect(): void {
    this.drop();
  }

  close(): void {
    this.closed = true;
    this.closedCleanly = this.server;
    clearTimeout(this.retry);
    this.drop();
    this.host.forget(this);
  }

  /** Its connection is cut, and no new one gets through, for `ms`. */
  cut(ms: number): void {
    this.blockedUntil = Date.now() + ms;
    this.drop();
  }

  /**
   * The page is busy (a slow machine, a starved tab): for `forMs`, what the server sends it is handled
   * `lateMs` late, one after another.
   */
  busy(lateMs: number, forMs: number): void {
    this.lateMs = lateMs;
    this.busyUntil = Date.now() + forMs;
  }

  /** The connection ends (the server learns of it a moment later); the socket reconnects by itself. */
  drop(): void {
    const server = this.server;
    this.server = null;
    // After what was sent on it (which arrives only if this side closed it cleanly).
    if (server) this.toServer.push(Date.now() + LATENCY_MS, () => server.room.disconnect(server.socket));
    if (this.readyState === 1) {
      this.readyState = 3;
      this.emit("close", null);
    }
    this.scheduleOpen();
  }

  private scheduleOpen(): void {
    clearTimeout(this.retry);
    if (this.closed) return;
    this.retry = setTimeout(() => this.open(), RECONNECT_AFTER_MS);
  }

  private open(): void {
    if (this.closed || this.server) return;
    if (!this.host.accepts() || Date.now() < this.blockedUntil) return this.scheduleOpen();
    const socket: RoomSocket = {
      send: (data) => {
        const late = Date.now() < this.busyUntil ? this.lateMs : 0;
        this.toPage.push(Date.now() + this.host.latency() + late, () => {
          if (this.server?.socket !== socket) return;
          this.trace.push(`in:${typeOf(data)}`);
          this.emit("message", data);
        });
      },
      // After what the server sent before closing it.
      close: () => {
        this.toPage.push(Date.now() + LATENCY_MS, () => {
          if (this.server?.socket === socket) this.drop();
        });
      },
    };
    this.readyState = 1;
    this.server = { room: this.host.attach(socket), socket };
    this.emit("open", null);
  }

  private emit(type: "open" | "close" | "message", data: unknown): void {
    for (const listener of this.listeners[type]) listener({ data });
  }
}

const typeOf = (frame: string) => (/"type":"([\w-]+)"/.exec(frame) ?? [])[1] ?? "?";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
