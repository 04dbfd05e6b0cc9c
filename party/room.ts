/**
 * One meeting's presence and signaling relay, as a plain class over a tiny socket interface so that it
 * runs the same under PartyKit and in unit tests. It never sees media: it knows who is here and passes
 * offers, answers and ICE candidates between members of this room only.
 */
import {
  encode,
  CHAT_HISTORY_LENGTH,
  isJoinFromOtherVersion,
  type ChatMessage,
  type MediaState,
  parseClientMessage,
  type ClientMessage,
  type Participant,
  type ServerMessage,
} from "../lib/protocol";
import { describeRoomFull } from "../lib/presence";

export interface RoomSocket {
  readonly id: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface RoomOptions {
  capacity: number;
  createParticipantId?: () => string;
  now?: () => number;
}

/** WebSocket close codes in the application range, so clients can tell why they were let go. */
export const CLOSE_ROOM_NOT_FOUND = 4004;
export const CLOSE_VERSION_MISMATCH = 4009;

/** Errors whose text does not depend on the frame that caused them. */
type FixedError = "room-not-found" | "version-mismatch" | "not-joined" | "unknown-participant";
const ERROR_TEXT: Record<FixedError, string> = {
  "room-not-found": "Meeting not found. Check the code, or start a new meeting.",
  "version-mismatch": "This page is out of date. Reload it to join the meeting.",
  "not-joined": "Join the meeting first.",
  "unknown-participant": "That participant is no longer in the meeting.",
};

type Handlers = {
  [T in ClientMessage["type"]]: (socket: RoomSocket, message: Extract<ClientMessage, { type: T }>) => void;
};

export class Room {
  private created = false;
  private nextJoinOrder = 0;
  /** Every open connection, members and pre-join observers alike: all of them see the roster. */
  private readonly sockets = new Map<string, RoomSocket>();
  /** Members by socket id. A participant id is the server's, never the client's choice. */
  private readonly members = new Map<string, Participant>();
  private readonly createParticipantId: () => string;
  /** The recent chat, for the life of the room, so that people who join later can read back. */
  private readonly chatHistory: ChatMessage[] = [];
  private chatCount = 0;

  constructor(private readonly options: RoomOptions) {
    this.createParticipantId = options.createParticipantId ?? (() => crypto.randomUUID());
  }

  markCreated(): void {
    this.created = true;
  }

  get isCreated(): boolean {
    return this.created;
  }

  get participants(): Participant[] {
    return [...this.members.values()].sort((a, b) => a.joinOrder - b.joinOrder);
  }

  connect(socket: RoomSocket): void {
    if (!this.created) {
      this.sendError(socket, "room-not-found", true);
      socket.close(CLOSE_ROOM_NOT_FOUND, "room not found");
      return;
    }
    this.sockets.set(socket.id, socket);
    deliver(socket, this.rosterFrame());
  }

  receive(socket: RoomSocket, frame: unknown): void {
    if (!this.sockets.has(socket.id)) return;
    if (isJoinFromOtherVersion(frame)) return this.refuseVersion(socket);
    const parsed = parseClientMessage(frame);
    if (!parsed.ok) {
      this.send(socket, { type: "error", code: parsed.code, message: parsed.reason, fatal: false });
      return;
    }
    const message = parsed.message;
    const handle = this.handlers[message.type] as (socket: RoomSocket, message: ClientMessage) => void;
    handle(socket, message);
  }

  disconnect(socket: RoomSocket): void {
    this.sockets.delete(socket.id);
    if (this.members.delete(socket.id)) this.broadcastRoster();
  }

  private readonly handlers: Handlers = {
    join: (socket, message) => {
      if (this.members.has(socket.id)) {
        this.send(socket, {
          type: "error",
          code: "invalid-message",
          message: "Already joined.",
          fatal: false,
        });
        return;
      }
      if (this.members.size >= this.options.capacity) {
        this.send(socket, {
          type: "error",
          code: "room-full",
          message: describeRoomFull(this.options.capacity),
          fatal: false,
        });
        return;
      }
      const self: Participant = {
        id: this.createParticipantId(),
        name: message.name,
        joinOrder: this.nextJoinOrder++,
        ...mediaFlags(message.media),
      };
      this.members.set(socket.id, self);
      this.send(socket, { type: "joined", self });
      this.send(socket, { type: "chat-history", messages: this.chatHistory });
      this.broadcastRoster();
    },

    signal: (socket, message) => {
      const sender = this.members.get(socket.id);
      if (!sender) return this.sendError(socket, "not-joined", false);
      const target = this.findMemberSocket(message.to);
      if (!target || message.to === sender.id) return this.sendError(socket, "unknown-participant", false);
      this.send(target, { type: "signal", from: sender.id, payload: message.payload });
    },

    chat: (socket, { text }) => {
      const sender = this.members.get(socket.id);
      if (!sender) return this.sendError(socket, "not-joined", false);
      const message: ChatMessage = {
        id: String(++this.chatCount),
        from: sender.id,
        name: sender.name,
        text,
        sentAt: (this.options.now ?? Date.now)(),
      };
      this.chatHistory.push(message);
      if (this.chatHistory.length > CHAT_HISTORY_LENGTH) this.chatHistory.shift();
      // Members only: someone still on the pre-join screen has not joined the conversation.
      const frame = encode({ type: "chat", message });
      for (const socketId of this.members.keys()) {
        const member = this.sockets.get(socketId);
        if (member) deliver(member, frame);
      }
    },

    media: (socket, { media }) => {
      const member = this.members.get(socket.id);
      if (!member) return this.sendError(socket, "not-joined", false);
      const { id, name, joinOrder } = member;
      this.members.set(socket.id, { id, name, joinOrder, ...mediaFlags(media) });
      this.broadcastRoster();
    },

    leave: (socket) => {
      if (this.members.delete(socket.id)) this.broadcastRoster();
    },
  };

  private refuseVersion(socket: RoomSocket): void {
    this.sendError(socket, "version-mismatch", true);
    socket.close(CLOSE_VERSION_MISMATCH, "protocol version mismatch");
    this.disconnect(socket);
  }

  private findMemberSocket(participantId: string): RoomSocket | undefined {
    for (const [socketId, participant] of this.members) {
      if (participant.id === participantId) return this.sockets.get(socketId);
    }
    return undefined;
  }

  private rosterFrame(): string {
    return encode({ type: "roster", participants: this.participants, capacity: this.options.capacity });
  }

  private broadcastRoster(): void {
    const frame = this.rosterFrame();
    for (const socket of this.sockets.values()) deliver(socket, frame);
  }

  private sendError(socket: RoomSocket, code: FixedError, fatal: boolean): void {
    this.send(socket, { type: "error", code, message: ERROR_TEXT[code], fatal });
  }

  private send(socket: RoomSocket, message: ServerMessage): void {
    deliver(socket, encode(message));
  }
}

function mediaFlags(media: MediaState | undefined): Pick<Participant, "audioOff" | "videoOff"> {
  return { ...(media?.audioOff && { audioOff: true }), ...(media?.videoOff && { videoOff: true }) };
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
