/**
 * One meeting's presence and signaling relay, as a plain class over a tiny socket interface so that it
 * runs the same under PartyKit and in unit tests. It never sees media: it knows who is here and passes
 * offers, answers and ICE candidates between members of this room only.
 */
import { isJoinFromOtherVersion, parseClientMessage } from "../lib/client-messages";
import {
  encode,
  MAX_VISITORS,
  presenceOf,
  PROTOCOL_VERSION,
  type ClientMessage,
  type ErrorCode,
  type Participant,
  type ServerMessage,
} from "../lib/protocol";
import { ChatLog } from "./chat-log";
import { hashSecret, matchesHostKey } from "./host-key";
import type { IceConfig } from "./ice-config";
import { MeetingMediaRoute, type RouteSnapshot } from "./media-route";
import { Members, type MembersSnapshot } from "./members";
import { TokenBucket } from "./rate-limit";
import type { SfuRooms } from "./sfu";
import { Visitors } from "./visitors";
import { WaitingRoom, type Knocker } from "./waiting-room";

/**
 * One connection. The room keys its state by the connection itself, never by an id the client chose
 * (PartyKit's connection id comes from the socket's URL): a second socket with the same URL is
 * another connection, and cannot stand in for the first.
 */
export interface RoomSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface RoomOptions {
  capacity: number;
  createParticipantId?: () => string;
  now?: () => number;
  /** ICE servers for a connection: STUN for anyone (null), TURN credentials for a participant. */
  iceConfig?: (participantId: string | null) => Promise<IceConfig>;
  /** Frames a connection may send at once, and per second after that. */
  rateLimit?: { burst: number; perSecond: number };
  /** Called with who is in the meeting whenever that changes, to keep it across a restart. */
  persist?: (snapshot: RoomSnapshot) => void;
  /** The SFU large meetings move to; without one, every meeting is a mesh of at most `capacity`. */
  sfu?: SfuRooms | null;
  /** The meeting's code, which its SFU room is named after (asked for only when one is made). */
  meetingId?: () => string;
  /** Called whenever someone joins: the meeting is in use, and its expiry starts again from now. */
  joined?: () => void;
}

/**
 * The most a meeting keeps in storage: who is in it at the largest capacity (the SFU's), with the
 * longest names and ids, plus its created flag and host key hash. Chat, knocks and the signals held
 * for a reconnecting member live only in memory, each bounded (CHAT_HISTORY_LENGTH, MAX_KNOCKS,
 * MAX_HELD_FRAMES), and go with the room. Well under Cloudflare's 128 KiB for one stored value.
 */
export const MAX_STORED_BYTES = 80 * 1024;

/** What survives a restart of the room server. */
export interface RoomSnapshot extends MembersSnapshot {
  media?: RouteSnapshot;
}

/** WebSocket close codes in the application range, so clients can tell why they were let go. */
export const CLOSE_REPLACED = 4001;
export const CLOSE_REMOVED = 4003;
export const CLOSE_TIMED_OUT = 4008;
export const CLOSE_ROOM_NOT_FOUND = 4004;
export const CLOSE_VERSION_MISMATCH = 4009;
export const CLOSE_RATE_LIMITED = 4029;

export const DEFAULT_RATE_LIMIT = { burst: 200, perSecond: 50 };
/** Frames refused for speed, in a row, before the connection is let go. */
const REFUSED_BEFORE_DISCONNECT = 100;
/** Browsers send a ping every 5 s; a connection silent this long is gone, even if not closed. */
export const SILENT_CONNECTION_MS = 15_000;
/** How long a member whose connection closed (without leaving) keeps its place, to resume it. */
export const RESUME_GRACE_MS = 10_000;

/**
 * People knocking at once on a locked meeting: more than a host can answer, few enough that a script
 * knocking in a loop cannot swamp the hosts' list.
 */
export const MAX_KNOCKS = 50;

/** A few reactions at once, then one a second: enough to cheer, too few to flood everyone's screen. */
export const REACTION_RATE = { burst: 5, perSecond: 1 };

interface Connection {
  socket: RoomSocket;
  bucket: TokenBucket;
  reactions: TokenBucket;
  refusedInARow: number;
  lastHeardAt: number;
}

/** Who a frame goes to: every connection (pre-join screens too), members only, or hosts only. */
type Audience = "all" | "members" | "hosts";

type Handlers = {
  [T in ClientMessage["type"]]: (socket: RoomSocket, message: Extract<ClientMessage, { type: T }>) => void;
};

export class Room {
  private created = false;
  private hostKeyHash: string | null = null;
  private locked = false;
  private nextJoinOrder = 0;
  /** Every open connection, members and pre-join observers alike: all of them see the roster. */
  private readonly sockets = new Map<string, Connection>();
  /** The key this room gave each connection it accepted, which the maps here are keyed by. */
  private readonly keys = new WeakMap<RoomSocket, string>();
  /** Knocking on a locked meeting, by connection key. */
  private readonly waiting = new WaitingRoom();
  /** Connecting their calls from the pre-join screen, by connection key. */
  private readonly visitors = new Visitors();
  /** What the people knocking were last told: whether a host is in the meeting to answer them. */
  private knockersToldHostPresent = false;
  /** A participant id is the server's, never the client's choice. */
  private readonly members = new Members();
  private readonly createParticipantId: () => string;
  private readonly chat: ChatLog;
  /** Peer to peer or through the SFU, for everyone in the meeting. */
  private readonly route: MeetingMediaRoute;
  private changingMembers = false;

  constructor(private readonly options: RoomOptions) {
    this.createParticipantId = options.createParticipantId ?? (() => crypto.randomUUID());
    this.chat = new ChatLog(() => this.now());
    this.route = new MeetingMediaRoute(
      options.meetingId ?? (() => "meeting"),
      options.sfu ?? null,
      {
        changed: () => {
          // Nobody has published on the new route yet: until each says what it publishes there,
          // the others keep the media the old route carries.
          for (const { id } of this.members.participants) this.members.setProfile(id, { feeds: undefined });
          // Nobody calls anybody for media on the SFU.
          if (this.route.route === "sfu") this.endVisits();
          // Inside membersChanged, the roster it sends next says it.
          if (!this.changingMembers) this.broadcastRoster();
          this.sendSfuAccessToAll();
        },
        accessChanged: () => this.sendSfuAccessToAll(),
        persist: () => this.persist(),
      },
      () => this.now(),
    );
  }

  /** The meeting exists; whoever joins with the key that hashes to `hostKeyHash` is its host. */
  markCreated(hostKeyHash: string | null = null): void {
    this.created = true;
    this.hostKeyHash = hostKeyHash;
  }

  get isCreated(): boolean {
    return this.created;
  }

  get participants(): Participant[] {
    return this.members.participants;
  }

  /** Someone is in the meeting on an open connection right now. */
  get inUse(): boolean {
    return !this.members.connected().next().done;
  }

  /** Nothing is left for sweeps to do: no connection, no member to wait for, no SFU room to release. */
  get idle(): boolean {
    return this.sockets.size === 0 && this.members.size === 0 && this.route.idle;
  }

  /**
   * The meeting expired and its storage is gone: it no longer exists, and anyone still on its pre-join
   * screen is told so as if it never had. The room is not used again after this.
   */
  end(): void {
    this.created = false;
    this.route.release();
    for (const connection of [...this.sockets.values()]) {
      this.sendError(connection.socket, "room-not-found", true);
      connection.socket.close(CLOSE_ROOM_NOT_FOUND, "meeting ended");
      this.drop(connection.socket, { resumable: false });
    }
  }

  /** Picks up where a restarted server left off: everyone detached, waiting to resume. */
  restore(snapshot: RoomSnapshot): void {
    this.members.restore(snapshot, this.now());
    this.nextJoinOrder = Math.max(this.nextJoinOrder, snapshot.nextJoinOrder);
    this.locked = snapshot.locked;
    if (snapshot.media) this.route.restore(snapshot.media);
    this.route.membersChanged(this.members.size);
  }

  /**
   * Run every few seconds: lets go of connections that went silent (a browser that vanished without
   * closing its socket) and of members who did not come back within the grace period.
   */
  sweep(): void {
    const now = this.now();
    for (const connection of [...this.sockets.values()]) {
      if (now - connection.lastHeardAt <= SILENT_CONNECTION_MS) continue;
      connection.socket.close(CLOSE_TIMED_OUT, "no heartbeat");
      this.drop(connection.socket, { resumable: false });
    }
    const expired = this.members.expired(now, RESUME_GRACE_MS);
    for (const id of expired) this.members.remove(id);
    if (expired.length > 0) this.membersChanged();
    this.route.sweep();
  }

  connect(socket: RoomSocket): void {
    if (!this.created) {
      this.sendError(socket, "room-not-found", true);
      socket.close(CLOSE_ROOM_NOT_FOUND, "room not found");
      return;
    }
    const { burst, perSecond } = this.options.rateLimit ?? DEFAULT_RATE_LIMIT;
    const bucket = new TokenBucket(burst, perSecond, this.now);
    const key = crypto.randomUUID();
    this.keys.set(socket, key);
    const reactions = new TokenBucket(REACTION_RATE.burst, REACTION_RATE.perSecond, this.now);
    this.sockets.set(key, { socket, bucket, reactions, refusedInARow: 0, lastHeardAt: this.now() });
    // The ICE settings before the roster: a page dials ahead as soon as it knows who is here, and must
    // do so with the meeting's relay and its policy (a relay-only meeting must never hand a peer a
    // host address), not with none.
    if (!this.options.iceConfig) return deliver(socket, this.rosterFrame());
    void this.sendIceConfig(socket, null).then(() => {
      if (this.connectionOf(socket)) deliver(socket, this.rosterFrame());
    });
  }

  receive(socket: RoomSocket, frame: unknown): void {
    const connection = this.connectionOf(socket);
    if (!connection) return;
    connection.lastHeardAt = this.now();
    if (!this.withinRate(connection)) return;
    if (isJoinFromOtherVersion(frame)) return this.refuseVersion(socket);
    const parsed = parseClientMessage(frame);
    if (!parsed.ok) return this.sendError(socket, parsed.code, false, parsed.reason);
    const message = parsed.message;
    const handle = this.handlers[message.type] as (socket: RoomSocket, message: ClientMessage) => void;
    handle(socket, message);
  }

  /** The connection closed. A member keeps its place for a while, in case it reconnects. */
  disconnect(socket: RoomSocket): void {
    this.drop(socket, { resumable: true });
  }

  private drop(socket: RoomSocket, { resumable }: { resumable: boolean }): void {
    const key = this.keys.get(socket);
    if (key === undefined || !this.sockets.delete(key)) return;
    if (this.waiting.remove(key)) this.sendKnocksToHosts();
    if (this.visitors.remove(key)) this.broadcastRoster();
    const member = this.members.ofSocket(key);
    if (!member) return;
    if (resumable) this.members.detach(key, this.now());
    else this.removeMember(member.id);
  }

  /** Handlers run only for connections this room accepted, and every one of those has a key. */
  private keyOf(socket: RoomSocket): string {
    return this.keys.get(socket) ?? "";
  }

  private connectionOf(socket: RoomSocket): Connection | undefined {
    const key = this.keys.get(socket);
    return key === undefined ? undefined : this.sockets.get(key);
  }

  /** The member speaking through this connection, if it is one. */
  private memberOf(socket: RoomSocket): Participant | undefined {
    const key = this.keys.get(socket);
    return key === undefined ? undefined : this.members.ofSocket(key);
  }

  private removeMember(participantId: string): void {
    if (this.members.remove(participantId)) this.membersChanged();
  }

  /**
   * Everyone sees the new roster, and it is kept for a restart. The route is settled first, so that
   * a join that moves the meeting to the SFU is admitted by a roster that says so.
   */
  private membersChanged(): void {
    this.changingMembers = true;
    this.route.membersChanged(this.members.size);
    this.changingMembers = false;
    this.broadcastRoster();
    this.tellKnockersWhetherAHostIsHere();
    this.persist();
  }

  private persist(): void {
    // A meeting that does not exist (or no longer does) keeps nothing.
    if (!this.created) return;
    const members = this.members.snapshot(this.nextJoinOrder, this.locked);
    this.options.persist?.({ ...members, media: this.route.snapshot() });
  }

  private get now(): () => number {
    return this.options.now ?? Date.now;
  }

  /**
   * A flood is refused frame by frame: the first refusal says why, and a connection that keeps on is
   * let go. Nobody else notices, since nothing it sent reaches them.
   */
  private withinRate(connection: Connection): boolean {
    if (connection.bucket.take()) {
      connection.refusedInARow = 0;
      return true;
    }
    connection.refusedInARow += 1;
    const { socket } = connection;
    if (connection.refusedInARow === 1) this.sendError(socket, "rate-limited", false);
    if (connection.refusedInARow >= REFUSED_BEFORE_DISCONNECT) {
      this.sendError(socket, "rate-limited", true);
      socket.close(CLOSE_RATE_LIMITED, "rate limited");
      this.drop(socket, { resumable: false });
    }
    return false;
  }

  private readonly handlers: Handlers = {
    join: (socket, message) => {
      const key = this.keyOf(socket);
      const sessionHash = message.session ? hashSecret(message.session) : null;
      const returning = sessionHash ? this.members.withSession(sessionHash) : undefined;
      if (returning && this.members.ofSocket(key) === undefined) {
        return this.resume(socket, returning, message);
      }
      if (this.members.ofSocket(key) || this.waiting.has(key)) {
        return this.sendError(socket, "invalid-message", false, "Already joined.");
      }
      const host = Boolean(
        message.hostKey && this.hostKeyHash && matchesHostKey(message.hostKey, this.hostKeyHash),
      );
      const who: Knocker = {
        // Someone who connected their calls ahead joins as the participant those calls are with.
        id: this.visitors.get(key)?.id ?? this.createParticipantId(),
        name: message.name,
        presence: message.presence,
        instance: message.instance,
        sessionHash,
      };
      if (this.locked && !host) {
        if (this.waiting.size >= MAX_KNOCKS) return this.sendError(socket, "waiting-room-full", false);
        this.waiting.add(key, who);
        this.send(socket, { type: "knocking", hostPresent: this.hostPresent });
        this.sendKnocksToHosts();
        return;
      }
      this.admit(socket, who, host);
    },

    arrive: (socket, { instance }) => {
      const key = this.keyOf(socket);
      if (this.members.ofSocket(key) || this.waiting.has(key)) {
        return this.sendError(socket, "invalid-message", false, "Already joined.");
      }
      const known = this.visitors.get(key);
      if (known) return this.send(socket, { type: "arriving", id: known.id });
      if (!this.takesVisitors) return this.send(socket, { type: "arriving", id: null });
      const id = this.createParticipantId();
      this.visitors.add(key, { id, instance });
      this.send(socket, { type: "arriving", id });
      this.broadcastRoster();
    },

    ping: (socket) => this.send(socket, { type: "pong" }),

    lock: (socket, { locked }) => {
      if (!this.isHost(socket)) return;
      this.locked = locked;
      // Only an open meeting's callers connect ahead: a locked one's must be let in first.
      if (locked) this.endVisits();
      // Opening the door lets in whoever was waiting at it.
      if (!locked) for (const socketId of this.waiting.keys()) this.letIn(socketId);
      this.membersChanged();
    },

    admit: (socket, { id }) => {
      if (!this.isHost(socket)) return;
      const socketId = this.waiting.keyOf(id);
      if (socketId) this.letIn(socketId);
    },

    deny: (socket, { id }) => {
      if (!this.isHost(socket)) return;
      const socketId = this.waiting.keyOf(id);
      if (!socketId) return;
      this.waiting.remove(socketId);
      const knocker = this.sockets.get(socketId)?.socket;
      if (knocker) this.sendError(knocker, "denied", false);
      this.sendKnocksToHosts();
    },

    remove: (socket, { id }) => {
      if (!this.isHost(socket)) return;
      if (id === this.memberOf(socket)?.id || !this.members.has(id)) {
        return this.sendError(socket, "unknown-participant", false);
      }
      const target = this.findMemberSocket(id);
      if (target) {
        this.sendError(target, "removed", true);
        target.close(CLOSE_REMOVED, "removed by the host");
        this.sockets.delete(this.keyOf(target));
      }
      this.removeMember(id);
      void this.route.remove(id);
    },

    // Fresh TURN credentials, and on the SFU a fresh token, before the current ones expire.
    "refresh-ice": (socket) => {
      const member = this.memberOf(socket);
      if (!member) return this.sendError(socket, "not-joined", false);
      void this.sendIceConfig(socket, member.id);
      this.sendSfuAccess(socket, member.id);
    },

    signal: (socket, { to, fromLink, toLink, payload }) => {
      const member = this.memberOf(socket);
      const sender = member ?? this.visitors.get(this.keyOf(socket));
      if (!sender) return this.sendError(socket, "not-joined", false);
      const frame = encode({ type: "signal", from: sender.id, fromLink, ...(toLink && { toLink }), payload });
      // Members and visitors call each other; visitors do not call visitors.
      const visitorKey = member && this.visitors.keyOf(to);
      const visitor = visitorKey ? this.sockets.get(visitorKey)?.socket : undefined;
      if (visitor) return deliver(visitor, frame);
      if (to === sender.id || !this.members.has(to))
        return this.sendError(socket, "unknown-participant", false);
      const target = this.findMemberSocket(to);
      if (target) return deliver(target, frame);
      // Held rather than bounced: the member is reconnecting, and gets these in order once back, so an
      // offer made meanwhile (a newcomer's, say) is answered then without waiting for a retry. Past
      // what is held, the sender is told and its own retry carries the call; a member who does not
      // come back takes what was held for it along when it leaves the roster.
      if (!this.members.hold(to, frame)) this.sendError(socket, "peer-away", false);
    },

    chat: (socket, { text }) => {
      const sender = this.memberOf(socket);
      if (!sender) return this.sendError(socket, "not-joined", false);
      // Members only: someone still on the pre-join screen has not joined the conversation.
      this.broadcast({ type: "chat", message: this.chat.add(sender, text) }, "members");
    },

    presence: (socket, { presence }) => {
      const member = this.memberOf(socket);
      if (!member) return this.sendError(socket, "not-joined", false);
      if (this.members.setPresence(member.id, presence, this.now())) this.membersChanged();
    },

    "lower-hand": (socket, { id }) => {
      if (!this.isHost(socket)) return;
      const target = this.members.participants.find((p) => p.id === id);
      if (!target) return this.sendError(socket, "unknown-participant", false);
      if (!target.handRaised) return;
      this.members.setPresence(id, { ...target, handRaised: false }, this.now());
      const owner = this.findMemberSocket(id);
      const by = this.memberOf(socket)?.id;
      if (owner && by) this.send(owner, { type: "hand-lowered", by });
      this.membersChanged();
    },

    react: (socket, { reaction }) => {
      const sender = this.memberOf(socket);
      if (!sender) return this.sendError(socket, "not-joined", false);
      if (!this.connectionOf(socket)?.reactions.take()) {
        return this.sendError(socket, "too-many-reactions", false);
      }
      this.broadcast({ type: "reaction", from: sender.id, reaction }, "members");
    },

    "sfu-room-missing": (socket, { room }) => {
      if (!this.memberOf(socket)) return this.sendError(socket, "not-joined", false);
      void this.route.roomMissing(room);
    },

    feeds: (socket, { camera, screen }) => {
      const member = this.memberOf(socket);
      if (!member) return this.sendError(socket, "not-joined", false);
      // Only feeds named after the member itself: nobody can pass their stream off as someone else's.
      const own = (feed: string | null) => feed === null || feed.startsWith(`${member.id}~`);
      if (!own(camera) || !own(screen)) {
        const detail = "A participant can publish only feeds named after itself.";
        return this.sendError(socket, "invalid-message", false, detail);
      }
      // On the SFU, `{}` says "here, publishing nothing", so nobody waits for media from them; a
      // member with no feeds at all has not got there yet (or left it), and the others keep whatever
      // carried its media before.
      const feeds =
        this.route.route === "sfu" ? { ...(camera && { camera }), ...(screen && { screen }) } : undefined;
      this.members.setProfile(member.id, { feeds });
      this.membersChanged();
    },

    leave: (socket) => {
      if (this.waiting.remove(this.keyOf(socket))) this.sendKnocksToHosts();
      const member = this.memberOf(socket);
      if (member) this.removeMember(member.id);
    },
  };

  /**
   * A browser back with the session id of a member: the same participant, now on this connection.
   * An older connection of it still open is closed, so there is never a ghost. A new page load
   * (another instance) tells the others to call it afresh; a reconnecting page keeps its calls.
   */
  private resume(
    socket: RoomSocket,
    returning: Participant,
    message: Extract<ClientMessage, { type: "join" }>,
  ): void {
    const previous = this.members.attach(returning.id, this.keyOf(socket));
    const old = previous ? this.sockets.get(previous)?.socket : undefined;
    if (previous && old) {
      this.sockets.delete(previous);
      old.close(CLOSE_REPLACED, "replaced by a newer connection");
    }
    const { id } = returning;
    // A new page load (not a reconnect) publishes nothing on the SFU yet: its old feeds died with the
    // page, and the others wait for its new ones rather than ask Janus for feeds that are gone.
    const reloaded = message.instance !== returning.instance;
    this.members.setProfile(id, { instance: message.instance, ...(reloaded && { feeds: undefined }) });
    this.members.setPresence(id, message.presence, this.now());
    this.welcome(socket, this.members.ofSocket(this.keyOf(socket)) ?? returning);
    this.options.joined?.();
    // After the roster, so that every sender of what was held is known to the member by then.
    for (const frame of this.members.takeHeld(id)) deliver(socket, frame);
  }

  /** Makes a connection a member: it learns who it is, what was said, and how to reach the others. */
  private admit(socket: RoomSocket, who: Knocker, host: boolean): boolean {
    if (this.members.size >= this.capacity) {
      this.sendError(socket, "room-full", false);
      return false;
    }
    const self: Participant = {
      ...presenceOf(who.presence),
      ...(who.presence?.handRaised && { handRaisedAt: this.now() }),
      id: who.id,
      name: who.name,
      joinOrder: this.nextJoinOrder++,
      ...(host && { host: true }),
      ...(who.instance && { instance: who.instance }),
    };
    this.members.add(this.keyOf(socket), self, who.sessionHash);
    this.welcome(socket, self);
    this.options.joined?.();
    return true;
  }

  /** A member on a new connection learns who it is, what was said, and how to reach the others. */
  private welcome(socket: RoomSocket, self: Participant): void {
    // A member now, no longer a visitor: the roster below says both at once.
    this.visitors.remove(this.keyOf(socket));
    this.send(socket, { type: "joined", self });
    this.send(socket, { type: "chat-history", messages: [...this.chat.history] });
    this.membersChanged();
    void this.sendIceConfig(socket, self.id);
    this.sendSfuAccess(socket, self.id);
    if (self.host) this.send(socket, { type: "knocks", knocks: this.waiting.knocks });
  }

  /** How many may be in the meeting now: a mesh's cap, or the SFU's once it carries the meeting. */
  private get capacity(): number {
    return this.route.capacity(this.options.capacity);
  }

  private letIn(socketId: string): void {
    const knocker = this.waiting.get(socketId);
    const socket = this.sockets.get(socketId)?.socket;
    if (!knocker || !socket) return;
    // A full meeting keeps them waiting, rather than turning away someone a host chose to let in.
    if (this.members.size >= this.capacity) return;
    this.waiting.remove(socketId);
    this.admit(socket, knocker, false);
    this.sendKnocksToHosts();
  }

  /** An open meeting on the mesh, with someone to call and room for another, takes early calls. */
  private get takesVisitors(): boolean {
    return (
      !this.locked &&
      this.route.route === "mesh" &&
      this.members.size > 0 &&
      this.members.size < this.capacity &&
      this.visitors.size < MAX_VISITORS
    );
  }

  /** Early calls end: each visitor is told, and members learn it from the roster that follows. */
  private endVisits(): void {
    const frame = encode({ type: "arriving", id: null });
    for (const key of this.visitors.clear()) {
      const socket = this.sockets.get(key)?.socket;
      if (socket) deliver(socket, frame);
    }
  }

  private isHost(socket: RoomSocket): boolean {
    const member = this.memberOf(socket);
    if (member?.host) return true;
    this.sendError(socket, member ? "not-host" : "not-joined", false);
    return false;
  }

  private sendKnocksToHosts(): void {
    this.broadcast({ type: "knocks", knocks: this.waiting.knocks }, "hosts");
  }

  /** A host in the meeting (reconnecting counts): someone who can answer a knock. */
  private get hostPresent(): boolean {
    return this.members.participants.some((p) => p.host);
  }

  /** People at the door of a meeting with no host are told so, and told again when one comes. */
  private tellKnockersWhetherAHostIsHere(): void {
    const hostPresent = this.hostPresent;
    if (hostPresent === this.knockersToldHostPresent) return;
    this.knockersToldHostPresent = hostPresent;
    const frame = encode({ type: "knocking", hostPresent });
    for (const key of this.waiting.keys()) {
      const socket = this.sockets.get(key)?.socket;
      if (socket) deliver(socket, frame);
    }
  }

  /** Resolves once sent, or once it could not be (the page then goes on without a relay). */
  private sendIceConfig(socket: RoomSocket, participantId: string | null): Promise<void> {
    if (!this.options.iceConfig) return Promise.resolve();
    return this.options.iceConfig(participantId).then(
      (config) => {
        // The connection may have gone, or left the meeting, while credentials were made.
        if (!this.connectionOf(socket)) return;
        if (participantId && this.memberOf(socket)?.id !== participantId) return;
        this.send(socket, { type: "ice-config", ...config });
      },
      (error: unknown) => console.error("Couldn't make ICE credentials:", error),
    );
  }

  /** On the SFU, a member learns how to join its room there, with a token of its own. */
  private sendSfuAccess(socket: RoomSocket, participantId: string): void {
    this.route.access().then(
      (access) => {
        if (!access || this.memberOf(socket)?.id !== participantId) return;
        this.send(socket, { type: "sfu", ...access });
      },
      (error: unknown) => console.error("Couldn't make an SFU token:", error),
    );
  }

  private sendSfuAccessToAll(): void {
    for (const [socketId, member] of this.members.connected()) {
      const socket = this.sockets.get(socketId)?.socket;
      if (socket) this.sendSfuAccess(socket, member.id);
    }
  }

  private refuseVersion(socket: RoomSocket): void {
    this.send(socket, {
      type: "error",
      code: "version-mismatch",
      fatal: true,
      serverVersion: PROTOCOL_VERSION,
    });
    socket.close(CLOSE_VERSION_MISMATCH, "protocol version mismatch");
    this.drop(socket, { resumable: false });
  }

  private findMemberSocket(participantId: string): RoomSocket | undefined {
    const socketId = this.members.socketOf(participantId);
    return socketId ? this.sockets.get(socketId)?.socket : undefined;
  }

  /** Only members learn who is connecting from the pre-join screen. */
  private rosterFrame(forMember = false): string {
    const visitors = forMember ? this.visitors.list : [];
    return encode({
      type: "roster",
      participants: this.participants,
      capacity: this.capacity,
      locked: this.locked,
      route: this.route.route,
      ...(visitors.length > 0 && { visitors }),
    });
  }

  private broadcastRoster(): void {
    const forOthers = this.rosterFrame();
    const forMembers = this.visitors.size > 0 ? this.rosterFrame(true) : forOthers;
    for (const [key, { socket }] of this.sockets) {
      deliver(socket, this.members.ofSocket(key) ? forMembers : forOthers);
    }
  }

  /** One frame, encoded once, to everyone of an audience who is connected now. */
  private broadcast(message: ServerMessage | string, to: Audience): void {
    const frame = typeof message === "string" ? message : encode(message);
    if (to === "all") {
      for (const { socket } of this.sockets.values()) deliver(socket, frame);
      return;
    }
    for (const [socketId, member] of this.members.connected()) {
      const socket = (to === "members" || member.host) && this.sockets.get(socketId)?.socket;
      if (socket) deliver(socket, frame);
    }
  }

  /** The page says it in words; `detail` says what exactly was wrong with a frame. */
  private sendError(socket: RoomSocket, code: ErrorCode, fatal: boolean, detail?: string): void {
    this.send(socket, { type: "error", code, fatal, ...(detail && { detail }) });
  }

  private send(socket: RoomSocket, message: ServerMessage): void {
    deliver(socket, encode(message));
  }
}

/** A socket that is closing may throw on send; its close event cleans up, the others must still hear. */
function deliver(socket: RoomSocket, frame: string): void {
  try {
    socket.send(frame);
  } catch {
    // Nothing to do: disconnect() follows for a socket that is going away.
  }
}

/** Reads the room cap from configuration; anything unusable falls back to the default. */
export function parseCapacity(value: unknown, fallback = 6): number {
  const number =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\d+$/.test(value.trim())
        ? Number(value)
        : NaN;
  return Number.isInteger(number) && number >= 2 && number <= 50 ? number : fallback;
}
