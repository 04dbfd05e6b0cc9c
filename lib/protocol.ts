/**
 * The wire protocol between browsers and the room server. Every frame, both ways, is one JSON object
 * checked against these schemas; types are derived from them so the two ends cannot drift apart.
 */
import * as z from "zod/mini";
import { ROOM_ID_PATTERN } from "./room-id";

// No compiled validators: they need eval, which the app's content policy rightly forbids (even zod's
// probe for it shows up as a policy violation). Messages are small; interpreted parsing is enough.
// zod/mini, not zod: the same checks at a fraction of the weight in the meeting page's first load.
z.config({ jitless: true });

/** Text of at most `max` UTF-16 units; names, chat and SDP have their own, finer limits. */
const text = (max: number) => z.string().check(z.maxLength(max));
const pattern = (regex: RegExp) => z.string().check(z.regex(regex));
/** 8K: no screen shows a camera taller than this. */
export const MAX_VIEW_HEIGHT = 4320;
const count = () => z.int().check(z.nonnegative());

/**
 * Bumped whenever a message changes shape. The server reads a join's version before anything else in
 * it, so a client of another version is told to reload even when its join no longer parses.
 */
export const PROTOCOL_VERSION = 6;

/** An SDP is around 8 KB; anything this large is a mistake or an attack. */
export const MAX_FRAME_BYTES = 64 * 1024;
export const MAX_NAME_LENGTH = 40;
export const MAX_CHAT_LENGTH = 2000;
/** The room server keeps this many recent chat messages for people who join later. */
export const CHAT_HISTORY_LENGTH = 100;
const MAX_SDP_LENGTH = 32 * 1024;
const MAX_CANDIDATE_LENGTH = 1024;

export const roomIdSchema = pattern(ROOM_ID_PATTERN);
export const participantIdSchema = z.string().check(z.minLength(1), z.maxLength(64));
/** The secret that makes its holder the meeting's host: given to the browser that created it. */
export const hostKeySchema = pattern(/^[A-Za-z0-9_-]{16,128}$/);
/**
 * A browser tab's secret for one meeting (kept in sessionStorage): joining with it again, after a
 * dropped connection or a page refresh, resumes the same participant instead of adding another.
 */
export const sessionIdSchema = pattern(/^[A-Za-z0-9_-]{16,64}$/);
/**
 * One peer connection: each side names its own afresh for every RTCPeerConnection it makes, so a signal
 * meant for a connection that has since been closed or replaced is told apart from a current one.
 */
export const linkIdSchema = pattern(/^[A-Za-z0-9_-]{8,32}$/);
/**
 * One stream a participant publishes to the SFU: their id, then a part of their own choosing, so the
 * server can check a participant names only feeds of its own.
 */
export const feedIdSchema = pattern(/^[A-Za-z0-9_-]{1,64}~[A-Za-z0-9_-]{8,32}$/);
/** Peer to peer (a full mesh), or through the SFU: the room server decides, for everyone. */
export const mediaRouteSchema = z.enum(["mesh", "sfu"]);
export type MediaRoute = z.infer<typeof mediaRouteSchema>;
/** One page load: a new one means the page's calls are gone and must be made afresh. */
export const instanceIdSchema = pattern(/^[A-Za-z0-9_-]{8,64}$/);

/**
 * Names are shown to everyone: no control characters, and none of the invisible or text-direction
 * characters that would let one name pass for another. Length counts characters, not UTF-16 units.
 */
// U+2800 is the blank Braille pattern: a symbol by category, nothing to the eye.
export const HIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800]/u;
const VISIBLE_CHARACTER = /[\p{L}\p{N}\p{S}]/u;
export const displayNameSchema = z.string().check(
  z.maxLength(MAX_NAME_LENGTH * 4),
  z.trim(),
  z.minLength(1, "Enter your name."),
  z.refine(
    (name) => Array.from(name).length <= MAX_NAME_LENGTH,
    `Use at most ${MAX_NAME_LENGTH} characters.`,
  ),
  z.refine((name) => !HIDDEN_CHARACTERS.test(name), "Use letters, not control or invisible characters."),
  z.refine((name) => VISIBLE_CHARACTER.test(name), "Use at least one letter or digit."),
);

const sessionDescriptionSchema = z.object({
  type: z.enum(["offer", "answer"]),
  sdp: text(MAX_SDP_LENGTH),
});

const iceCandidateSchema = z.object({
  candidate: text(MAX_CANDIDATE_LENGTH),
  sdpMid: z.optional(z.nullable(text(64))),
  sdpMLineIndex: z.optional(z.nullable(count().check(z.maximum(64)))),
  usernameFragment: z.optional(z.nullable(text(256))),
});

/**
 * What a participant says of itself, for everyone's tiles and lists. Each flag is off unless sent, so
 * a page that does not know a newer flag says nothing of it. The server sends only the flags that are
 * on, and a new one is a line here.
 */
const presenceShape = {
  audioOff: z.optional(z.boolean()),
  videoOff: z.optional(z.boolean()),
  /** A hand up, to speak without talking over anyone. */
  handRaised: z.optional(z.boolean()),
  /** Recording the meeting on their own device: everyone is told while it runs. */
  recording: z.optional(z.boolean()),
};
export const presenceSchema = z.object(presenceShape);
export type Presence = z.infer<typeof presenceSchema>;
export type PresenceFlag = keyof Presence;
export const PRESENCE_FLAGS = Object.keys(presenceShape) as PresenceFlag[];

/** The reactions people can send, by name on the wire; each page draws its own emoji for them. */
export const REACTIONS = ["thumbs-up", "clap", "laugh", "surprise", "heart", "celebrate"] as const;
export const reactionSchema = z.enum(REACTIONS);
export type Reaction = z.infer<typeof reactionSchema>;

/** What one browser sends another through the server, untouched by it. */
export const signalPayloadSchema = z.discriminatedUnion("kind", [
  // `seq` numbers the sender's offers; an answer repeats its offer's, so a late answer to an offer
  // that was since rolled back and sent again is never applied to the new one.
  z.object({ kind: z.literal("description"), description: sessionDescriptionSchema, seq: count() }),
  z.object({ kind: z.literal("candidate"), candidate: iceCandidateSchema }),
  // How tall the receiver shows the sender's camera, in device pixels (0: not at all): see video-view.ts.
  z.object({ kind: z.literal("view"), maxHeight: count().check(z.maximum(MAX_VIEW_HEIGHT)) }),
  // "The connection you wrote to is not mine (any more)": both ends drop this pair's and start afresh.
  z.object({ kind: z.literal("reset") }),
]);
export type SignalPayload = z.infer<typeof signalPayloadSchema>;

/**
 * Which peer connections a signal is between: the sender's, and the receiver's as far as the sender
 * knows it (absent until the receiver's first signal arrives, as for a first offer).
 */
const signalLinks = { fromLink: linkIdSchema, toLink: z.optional(linkIdSchema) };

export const clientMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("join"),
    version: z.int(),
    name: displayNameSchema,
    presence: z.optional(presenceSchema),
    hostKey: z.optional(hostKeySchema),
    session: z.optional(sessionIdSchema),
    instance: z.optional(instanceIdSchema),
  }),
  /** Every few seconds: tells the server this browser is still there (and gets a pong back). */
  z.object({ type: z.literal("ping") }),
  /** Host only: newcomers knock and wait to be let in while the meeting is locked. */
  z.object({ type: z.literal("lock"), locked: z.boolean() }),
  /** Host only: let someone who knocked in, or turn them away. */
  z.object({ type: z.literal("admit"), id: participantIdSchema }),
  z.object({ type: z.literal("deny"), id: participantIdSchema }),
  /** Host only: take a participant out of the meeting. */
  z.object({ type: z.literal("remove"), id: participantIdSchema }),
  /** Fresh TURN credentials before the current ones expire. */
  z.object({ type: z.literal("refresh-ice") }),
  /** What this participant says of itself now (microphone, camera, hand...), replacing what it said before. */
  z.object({ type: z.literal("presence"), presence: presenceSchema }),
  /** Host only: put down someone's raised hand (their turn came, or it was left up). */
  z.object({ type: z.literal("lower-hand"), id: participantIdSchema }),
  /** A moment's emoji over the sender's tile, for everyone. */
  z.object({ type: z.literal("react"), reaction: reactionSchema }),
  /** The SFU said the meeting's room there does not exist (it restarted): the server makes a new one. */
  z.object({ type: z.literal("sfu-room-missing"), room: text(128) }),
  /** The streams this participant publishes to the SFU now, so the others subscribe to those only. */
  z.object({
    type: z.literal("feeds"),
    camera: z.nullable(feedIdSchema),
    screen: z.nullable(feedIdSchema),
  }),
  z.object({
    type: z.literal("signal"),
    to: participantIdSchema,
    ...signalLinks,
    payload: signalPayloadSchema,
  }),
  z.object({ type: z.literal("leave") }),
  z.object({
    type: z.literal("chat"),
    text: z.string().check(
      z.maxLength(MAX_CHAT_LENGTH * 2),
      z.trim(),
      z.minLength(1, "Write something first."),
      z.refine(
        (text) => Array.from(text).length <= MAX_CHAT_LENGTH,
        `Messages are limited to ${MAX_CHAT_LENGTH} characters.`,
      ),
    ),
  }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;
/** A signal with the peer connections it is between, as one browser's mesh sends it to another's. */
export type LinkSignal = Omit<Extract<ClientMessage, { type: "signal" }>, "type" | "to">;

export const participantSchema = z.object({
  id: participantIdSchema,
  name: z.string(),
  /** Order of joining in this room; the later joiner of a pair is the polite peer. */
  joinOrder: count(),
  ...presenceShape,
  /** When the hand went up (server time), so hands are taken in the order raised. */
  handRaisedAt: z.optional(count()),
  /** Joined with the meeting's host key. */
  host: z.optional(z.literal(true)),
  /** The page load it is in the call from: when this changes, the others call it afresh. */
  instance: z.optional(instanceIdSchema),
  /** What it publishes to the SFU, in a meeting whose media goes through it. */
  feeds: z.optional(z.object({ camera: z.optional(feedIdSchema), screen: z.optional(feedIdSchema) })),
});
export type Participant = z.infer<typeof participantSchema>;

export const iceServerSchema = z.object({
  urls: z.union([text(512), z.array(text(512)).check(z.maxLength(8))]),
  username: z.optional(text(256)),
  credential: z.optional(text(256)),
});
export type IceServer = z.infer<typeof iceServerSchema>;

export const knockSchema = z.object({ id: participantIdSchema, name: z.string() });
export type Knock = z.infer<typeof knockSchema>;

export const chatMessageSchema = z.object({
  id: participantIdSchema,
  from: participantIdSchema,
  /** The sender's name when they said it, so history still reads right after they leave. */
  name: z.string(),
  text: text(MAX_CHAT_LENGTH * 2),
  /** Server time, milliseconds since the epoch. */
  sentAt: count(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const errorCodeSchema = z.enum([
  "room-not-found",
  "room-full",
  "version-mismatch",
  "invalid-message",
  "frame-too-large",
  "not-joined",
  "unknown-participant",
  /** A signal to someone who is reconnecting, past what the server holds for them: send it again later. */
  "peer-away",
  "rate-limited",
  /** Reactions faster than the room passes on: this one was not sent. */
  "too-many-reactions",
  "not-host",
  "denied",
  "removed",
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const serverMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("roster"),
    participants: z.array(participantSchema),
    capacity: z.int().check(z.positive()),
    /** Whether newcomers must knock. */
    locked: z.boolean(),
    route: mediaRouteSchema,
  }),
  /** To a member of a meeting on the SFU: how to join its room there (the token expires; a refresh renews it). */
  z.object({
    type: z.literal("sfu"),
    url: z.string().check(z.maxLength(512), z.regex(/^wss?:\/\//i)),
    room: text(128),
    pin: text(128),
    token: text(512),
    expiresAt: count(),
  }),
  /** How to reach the others: STUN for everyone, TURN credentials only for members. */
  z.object({
    type: z.literal("ice-config"),
    iceServers: z.array(iceServerSchema).check(z.maxLength(16)),
    iceTransportPolicy: z.enum(["all", "relay"]),
    /** When the TURN credentials stop working (ms since the epoch); null without TURN. */
    expiresAt: z.nullable(count()),
  }),
  z.object({ type: z.literal("pong") }),
  /**
   * To someone who asked to join a locked meeting: the hosts have been asked, or, with none in the
   * meeting, will be when one comes. Sent again when that changes.
   */
  z.object({ type: z.literal("knocking"), hostPresent: z.boolean() }),
  /** To everyone in the meeting: someone reacted. */
  z.object({ type: z.literal("reaction"), from: participantIdSchema, reaction: reactionSchema }),
  /** To a participant whose raised hand a host put down, so their page puts it down too. */
  z.object({ type: z.literal("hand-lowered"), by: participantIdSchema }),
  /** To hosts: who is waiting to be let in. */
  z.object({ type: z.literal("knocks"), knocks: z.array(knockSchema).check(z.maxLength(100)) }),
  z.object({ type: z.literal("joined"), self: participantSchema }),
  z.object({ type: z.literal("chat"), message: chatMessageSchema }),
  /** Sent to a member once, right after "joined": what was said before they came. */
  z.object({
    type: z.literal("chat-history"),
    messages: z.array(chatMessageSchema).check(z.maxLength(CHAT_HISTORY_LENGTH)),
  }),
  z.object({
    type: z.literal("signal"),
    from: participantIdSchema,
    ...signalLinks,
    payload: signalPayloadSchema,
  }),
  /** A code, which the page puts in words: the server speaks no language. */
  z.object({
    type: z.literal("error"),
    code: errorCodeSchema,
    /** Errors that end the connection; the client must not reconnect after one. */
    fatal: z.boolean(),
    /** What exactly was wrong with a frame, for a developer: never shown as the sentence. */
    detail: z.optional(text(512)),
    /** With version-mismatch: the server's, so the page can say which of the two is out of date. */
    serverVersion: z.optional(z.int()),
  }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

export type ParseResult<T> =
  { ok: true; message: T } | { ok: false; code: "frame-too-large" | "invalid-message"; reason: string };

const utf8 = new TextEncoder();

function isTooLarge(frame: string): boolean {
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so short frames skip the encoding.
  return frame.length * 3 > MAX_FRAME_BYTES && utf8.encode(frame).byteLength > MAX_FRAME_BYTES;
}

function parseFrame<T>(schema: z.ZodMiniType<T>, frame: unknown): ParseResult<T> {
  if (typeof frame !== "string") {
    return { ok: false, code: "invalid-message", reason: "Frames must be JSON text." };
  }
  if (isTooLarge(frame)) {
    return { ok: false, code: "frame-too-large", reason: `Frames are limited to ${MAX_FRAME_BYTES} bytes.` };
  }
  let json: unknown;
  try {
    json = JSON.parse(frame);
  } catch {
    return { ok: false, code: "invalid-message", reason: "Frame is not valid JSON." };
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
    return {
      ok: false,
      code: "invalid-message",
      reason: `Invalid message${where}: ${issue?.message ?? "unknown problem"}`,
    };
  }
  return { ok: true, message: result.data };
}

export const parseClientMessage = (frame: unknown) => parseFrame(clientMessageSchema, frame);

const anyJoinSchema = z.object({ type: z.literal("join"), version: z.unknown() });

/** True for a frame that is a join from another protocol version, whatever else it holds. */
export function isJoinFromOtherVersion(frame: unknown): boolean {
  if (typeof frame !== "string" || isTooLarge(frame)) return false;
  try {
    const join = anyJoinSchema.safeParse(JSON.parse(frame));
    return join.success && join.data.version !== PROTOCOL_VERSION;
  } catch {
    return false;
  }
}
export const parseServerMessage = (frame: unknown) => parseFrame(serverMessageSchema, frame);

export const encode = (message: ClientMessage | ServerMessage): string => JSON.stringify(message);
