/**
 * The wire protocol between browsers and the room server. Every frame, both ways, is one JSON object
 * checked against these schemas (what browsers send, against client-messages.ts's, built from these);
 * types are derived from them so the two ends cannot drift apart.
 */
import * as v from "valibot";
import type { ClientMessage } from "./client-messages";
import { ROOM_ID_PATTERN } from "./room-id";

// valibot: each check is a function of its own, so the meeting page carries only those it uses (and
// no compiled validators, which would need eval, which the app's content policy rightly forbids).

/** Text of at most `max` UTF-16 units; names, chat and SDP have their own, finer limits. */
export const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const pattern = (regex: RegExp) => v.pipe(v.string(), v.regex(regex));
/** 8K: no screen shows a camera taller than this. */
export const MAX_VIEW_HEIGHT = 4320;
const count = () => v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/**
 * Bumped whenever a message changes shape. The server reads a join's version before anything else in
 * it, so a client of another version is told to reload even when its join no longer parses.
 */
export const PROTOCOL_VERSION = 9;

/** An SDP is around 8 KB; anything this large is a mistake or an attack. */
export const MAX_FRAME_BYTES = 64 * 1024;
export const MAX_NAME_LENGTH = 40;
export const MAX_CHAT_LENGTH = 2000;
/** The room server keeps this many recent chat messages for people who join later. */
export const CHAT_HISTORY_LENGTH = 100;
const MAX_SDP_LENGTH = 32 * 1024;
/**
 * People connecting their calls from an open meeting's pre-join screen at once (see party/visitors.ts):
 * enough for a few to arrive together, few enough that nobody can make every member hold a crowd of
 * idle connections.
 */
export const MAX_VISITORS = 3;
const MAX_CANDIDATE_LENGTH = 1024;

export const roomIdSchema = pattern(ROOM_ID_PATTERN);
export const participantIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
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
export const mediaRouteSchema = v.picklist(["mesh", "sfu"]);
export type MediaRoute = v.InferOutput<typeof mediaRouteSchema>;
/** One page load: a new one means the page's calls are gone and must be made afresh. */
export const instanceIdSchema = pattern(/^[A-Za-z0-9_-]{8,64}$/);

/**
 * Names are shown to everyone: no control characters, and none of the invisible or text-direction
 * characters that would let one name pass for another. Length counts characters, not UTF-16 units.
 */
// U+2800 is the blank Braille pattern: a symbol by category, nothing to the eye.
export const HIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800]/u;
const VISIBLE_CHARACTER = /[\p{L}\p{N}\p{S}]/u;
export const displayNameSchema = v.pipe(
  v.string(),
  v.maxLength(MAX_NAME_LENGTH * 4),
  v.trim(),
  v.minLength(1, "Enter your name."),
  v.check((name) => Array.from(name).length <= MAX_NAME_LENGTH, `Use at most ${MAX_NAME_LENGTH} characters.`),
  v.check((name) => !HIDDEN_CHARACTERS.test(name), "Use letters, not control or invisible characters."),
  v.check((name) => VISIBLE_CHARACTER.test(name), "Use at least one letter or digit."),
);

const sessionDescriptionSchema = v.object({
  type: v.picklist(["offer", "answer"]),
  sdp: text(MAX_SDP_LENGTH),
});

const iceCandidateSchema = v.object({
  candidate: text(MAX_CANDIDATE_LENGTH),
  sdpMid: v.optional(v.nullable(text(64))),
  sdpMLineIndex: v.optional(v.nullable(v.pipe(count(), v.maxValue(64)))),
  usernameFragment: v.optional(v.nullable(text(256))),
});

/**
 * What a participant says of itself, for everyone's tiles and lists. Each flag is off unless sent, so
 * a page that does not know a newer flag says nothing of it. The server sends only the flags that are
 * on, and a new one is a line here.
 */
const presenceShape = {
  audioOff: v.optional(v.boolean()),
  videoOff: v.optional(v.boolean()),
  /** A hand up, to speak without talking over anyone. */
  handRaised: v.optional(v.boolean()),
  /** Recording the meeting on their own device: everyone is told while it runs. */
  recording: v.optional(v.boolean()),
};
export const presenceSchema = v.object(presenceShape);
export type Presence = v.InferOutput<typeof presenceSchema>;
export type PresenceFlag = keyof Presence;
export const PRESENCE_FLAGS = Object.keys(presenceShape) as PresenceFlag[];

/** The flags that are on, and nothing else: what the roster carries of a participant's own say. */
export function presenceOf(presence: Presence | undefined): Presence {
  const on: Presence = {};
  for (const flag of PRESENCE_FLAGS) if (presence?.[flag]) on[flag] = true;
  return on;
}

/** The reactions people can send, by name on the wire; each page draws its own emoji for them. */
export const REACTIONS = ["thumbs-up", "clap", "laugh", "surprise", "heart", "celebrate"] as const;
export const reactionSchema = v.picklist(REACTIONS);
export type Reaction = v.InferOutput<typeof reactionSchema>;

/** What one browser sends another through the server, untouched by it. */
export const signalPayloadSchema = v.variant("kind", [
  // `seq` numbers the sender's offers; an answer repeats its offer's, so a late answer to an offer
  // that was since rolled back and sent again is never applied to the new one.
  v.object({ kind: v.literal("description"), description: sessionDescriptionSchema, seq: count() }),
  v.object({ kind: v.literal("candidate"), candidate: iceCandidateSchema }),
  // How tall the receiver shows the sender's camera, in device pixels (0: not at all): see video-view.ts.
  v.object({ kind: v.literal("view"), maxHeight: v.pipe(count(), v.maxValue(MAX_VIEW_HEIGHT)) }),
  // "The connection you wrote to is not mine (any more)": both ends drop this pair's and start afresh.
  v.object({ kind: v.literal("reset") }),
]);
export type SignalPayload = v.InferOutput<typeof signalPayloadSchema>;

/**
 * Which peer connections a signal is between: the sender's, and the receiver's as far as the sender
 * knows it (absent until the receiver's first signal arrives, as for a first offer).
 */
export const signalLinks = { fromLink: linkIdSchema, toLink: v.optional(linkIdSchema) };

/** A chat message's text, as the server takes it: trimmed, not empty, within the limit. */
export const chatTextSchema = v.pipe(
  v.string(),
  v.maxLength(MAX_CHAT_LENGTH * 2),
  v.trim(),
  v.minLength(1, "Write something first."),
  v.check(
    (text) => Array.from(text).length <= MAX_CHAT_LENGTH,
    `Messages are limited to ${MAX_CHAT_LENGTH} characters.`,
  ),
);

// What browsers send is checked by the server alone (client-messages.ts): pages only build it.
export type { ClientMessage, LinkSignal } from "./client-messages";

export const participantSchema = v.object({
  id: participantIdSchema,
  name: v.string(),
  /** Order of joining in this room; the later joiner of a pair is the polite peer. */
  joinOrder: count(),
  ...presenceShape,
  /** When the hand went up (server time), so hands are taken in the order raised. */
  handRaisedAt: v.optional(count()),
  /** Joined with the meeting's host key. */
  host: v.optional(v.literal(true)),
  /** The page load it is in the call from: when this changes, the others call it afresh. */
  instance: v.optional(instanceIdSchema),
  /**
   * What it publishes to the SFU, in a meeting whose media goes through it: none yet (on its way
   * there, or the meeting is peer to peer) when absent, nothing at all (no camera or microphone)
   * when empty.
   */
  feeds: v.optional(v.object({ camera: v.optional(feedIdSchema), screen: v.optional(feedIdSchema) })),
});
export type Participant = v.InferOutput<typeof participantSchema>;

/** Someone connecting their calls from the pre-join screen, known to members only (see "arrive"). */
export const visitorSchema = v.object({ id: participantIdSchema, instance: instanceIdSchema });
export type Visitor = v.InferOutput<typeof visitorSchema>;

export const iceServerSchema = v.object({
  urls: v.union([text(512), v.pipe(v.array(text(512)), v.maxLength(8))]),
  username: v.optional(text(256)),
  credential: v.optional(text(256)),
});
export type IceServer = v.InferOutput<typeof iceServerSchema>;

export const knockSchema = v.object({ id: participantIdSchema, name: v.string() });
export type Knock = v.InferOutput<typeof knockSchema>;

export const chatMessageSchema = v.object({
  id: participantIdSchema,
  from: participantIdSchema,
  /** The sender's name when they said it, so history still reads right after they leave. */
  name: v.string(),
  text: text(MAX_CHAT_LENGTH * 2),
  /** Server time, milliseconds since the epoch. */
  sentAt: count(),
});
export type ChatMessage = v.InferOutput<typeof chatMessageSchema>;

export const errorCodeSchema = v.picklist([
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
  /** A locked meeting has as many people knocking as it keeps: this knock was not taken. */
  "waiting-room-full",
]);
export type ErrorCode = v.InferOutput<typeof errorCodeSchema>;

export const serverMessageSchema = v.variant("type", [
  v.object({
    type: v.literal("roster"),
    participants: v.array(participantSchema),
    capacity: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
    /** Whether newcomers must knock. */
    locked: v.boolean(),
    route: mediaRouteSchema,
    /** To members only: who is connecting from the pre-join screen, not in the meeting yet. */
    visitors: v.optional(v.pipe(v.array(visitorSchema), v.maxLength(MAX_VISITORS))),
  }),
  /**
   * The answer to "arrive": the participant id this connection signals as, and will join as; null
   * when the meeting does not take early calls now (locked, on the SFU, full, or enough arriving),
   * also sent later to end them (the meeting was locked or moved to the SFU).
   */
  v.object({ type: v.literal("arriving"), id: v.nullable(participantIdSchema) }),
  /** To a member of a meeting on the SFU: how to join its room there (the token expires; a refresh renews it). */
  v.object({
    type: v.literal("sfu"),
    url: v.pipe(v.string(), v.maxLength(512), v.regex(/^wss?:\/\//i)),
    room: text(128),
    pin: text(128),
    token: text(512),
    expiresAt: count(),
  }),
  /** How to reach the others: STUN for everyone, TURN credentials only for members. */
  v.object({
    type: v.literal("ice-config"),
    iceServers: v.pipe(v.array(iceServerSchema), v.maxLength(16)),
    iceTransportPolicy: v.picklist(["all", "relay"]),
    /** When the TURN credentials stop working (ms since the epoch); null without TURN. */
    expiresAt: v.nullable(count()),
  }),
  v.object({ type: v.literal("pong") }),
  /**
   * To someone who asked to join a locked meeting: the hosts have been asked, or, with none in the
   * meeting, will be when one comes. Sent again when that changes.
   */
  v.object({ type: v.literal("knocking"), hostPresent: v.boolean() }),
  /** To everyone in the meeting: someone reacted. */
  v.object({ type: v.literal("reaction"), from: participantIdSchema, reaction: reactionSchema }),
  /** To a participant whose raised hand a host put down, so their page puts it down too. */
  v.object({ type: v.literal("hand-lowered"), by: participantIdSchema }),
  /** To hosts: who is waiting to be let in. */
  v.object({ type: v.literal("knocks"), knocks: v.pipe(v.array(knockSchema), v.maxLength(100)) }),
  v.object({ type: v.literal("joined"), self: participantSchema }),
  v.object({ type: v.literal("chat"), message: chatMessageSchema }),
  /** Sent to a member once, right after "joined": what was said before they came. */
  v.object({
    type: v.literal("chat-history"),
    messages: v.pipe(v.array(chatMessageSchema), v.maxLength(CHAT_HISTORY_LENGTH)),
  }),
  v.object({
    type: v.literal("signal"),
    from: participantIdSchema,
    ...signalLinks,
    payload: signalPayloadSchema,
  }),
  /** A code, which the page puts in words: the server speaks no language. */
  v.object({
    type: v.literal("error"),
    code: errorCodeSchema,
    /** Errors that end the connection; the client must not reconnect after one. */
    fatal: v.boolean(),
    /** What exactly was wrong with a frame, for a developer: never shown as the sentence. */
    detail: v.optional(text(512)),
    /** With version-mismatch: the server's, so the page can say which of the two is out of date. */
    serverVersion: v.optional(v.pipe(v.number(), v.safeInteger())),
  }),
]);
export type ServerMessage = v.InferOutput<typeof serverMessageSchema>;

export type ParseResult<T> =
  { ok: true; message: T } | { ok: false; code: "frame-too-large" | "invalid-message"; reason: string };

const utf8 = new TextEncoder();

export function isTooLarge(frame: string): boolean {
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so short frames skip the encoding.
  return frame.length * 3 > MAX_FRAME_BYTES && utf8.encode(frame).byteLength > MAX_FRAME_BYTES;
}

export function parseFrame<T>(schema: v.GenericSchema<unknown, T>, frame: unknown): ParseResult<T> {
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
  const result = v.safeParse(schema, json);
  if (!result.success) {
    const issue = result.issues[0];
    const path = v.getDotPath(issue);
    return {
      ok: false,
      code: "invalid-message",
      reason: `Invalid message${path ? ` at ${path}` : ""}: ${issue.message}`,
    };
  }
  return { ok: true, message: result.output };
}

export const parseServerMessage = (frame: unknown) => parseFrame(serverMessageSchema, frame);

export const encode = (message: ClientMessage | ServerMessage): string => JSON.stringify(message);
