/**
 * The wire protocol between browsers and the room server. Every frame, both ways, is one JSON object
 * checked against these schemas; types are derived from them so the two ends cannot drift apart.
 */
import { z } from "zod";
import { ROOM_ID_PATTERN } from "./room-id";

// No compiled validators: they need eval, which the app's content policy rightly forbids (even zod's
// probe for it shows up as a policy violation). Messages are small; interpreted parsing is enough.
z.config({ jitless: true });

/**
 * Bumped whenever a message changes shape. The server reads a join's version before anything else in
 * it, so a client of another version is told to reload even when its join no longer parses.
 */
export const PROTOCOL_VERSION = 2;

/** An SDP is around 8 KB; anything this large is a mistake or an attack. */
export const MAX_FRAME_BYTES = 64 * 1024;
export const MAX_NAME_LENGTH = 40;
export const MAX_CHAT_LENGTH = 2000;
/** The room server keeps this many recent chat messages for people who join later. */
export const CHAT_HISTORY_LENGTH = 100;
const MAX_SDP_LENGTH = 32 * 1024;
const MAX_CANDIDATE_LENGTH = 1024;

export const roomIdSchema = z.string().regex(ROOM_ID_PATTERN);
export const participantIdSchema = z.string().min(1).max(64);
/** The secret that makes its holder the meeting's host: given to the browser that created it. */
export const hostKeySchema = z.string().regex(/^[A-Za-z0-9_-]{16,128}$/);
/**
 * A browser tab's secret for one meeting (kept in sessionStorage): joining with it again, after a
 * dropped connection or a page refresh, resumes the same participant instead of adding another.
 */
export const sessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
/** One page load: a new one means the page's calls are gone and must be made afresh. */
export const instanceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

/**
 * Names are shown to everyone: no control characters, and none of the invisible or text-direction
 * characters that would let one name pass for another. Length counts characters, not UTF-16 units.
 */
// U+2800 is the blank Braille pattern: a symbol by category, nothing to the eye.
export const HIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800]/u;
const VISIBLE_CHARACTER = /[\p{L}\p{N}\p{S}]/u;
export const displayNameSchema = z
  .string()
  .max(MAX_NAME_LENGTH * 4)
  .trim()
  .min(1, "Enter your name.")
  .refine((name) => Array.from(name).length <= MAX_NAME_LENGTH, `Use at most ${MAX_NAME_LENGTH} characters.`)
  .refine((name) => !HIDDEN_CHARACTERS.test(name), "Use letters, not control or invisible characters.")
  .refine((name) => VISIBLE_CHARACTER.test(name), "Use at least one letter or digit.");

const sessionDescriptionSchema = z.object({
  type: z.enum(["offer", "answer"]),
  sdp: z.string().max(MAX_SDP_LENGTH),
});

const iceCandidateSchema = z.object({
  candidate: z.string().max(MAX_CANDIDATE_LENGTH),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
  usernameFragment: z.string().max(256).nullable().optional(),
});

export const mediaStateSchema = z.object({ audioOff: z.boolean(), videoOff: z.boolean() });
export type MediaState = z.infer<typeof mediaStateSchema>;

/** What one browser sends another through the server, untouched by it. */
export const signalPayloadSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("description"), description: sessionDescriptionSchema }),
  z.object({ kind: z.literal("candidate"), candidate: iceCandidateSchema }),
]);
export type SignalPayload = z.infer<typeof signalPayloadSchema>;

export const clientMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("join"),
    version: z.number().int(),
    name: displayNameSchema,
    media: mediaStateSchema.optional(),
    hostKey: hostKeySchema.optional(),
    session: sessionIdSchema.optional(),
    instance: instanceIdSchema.optional(),
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
  /** What this participant's microphone and camera are doing, for everyone's tiles. */
  z.object({ type: z.literal("media"), media: mediaStateSchema }),
  z.object({ type: z.literal("signal"), to: participantIdSchema, payload: signalPayloadSchema }),
  z.object({ type: z.literal("leave") }),
  z.object({
    type: z.literal("chat"),
    text: z
      .string()
      .max(MAX_CHAT_LENGTH * 2)
      .trim()
      .min(1, "Write something first.")
      .refine(
        (text) => Array.from(text).length <= MAX_CHAT_LENGTH,
        `Messages are limited to ${MAX_CHAT_LENGTH} characters.`,
      ),
  }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const participantSchema = z.object({
  id: participantIdSchema,
  name: z.string(),
  /** Order of joining in this room; the later joiner of a pair is the polite peer. */
  joinOrder: z.number().int().nonnegative(),
  /** Set only when true, so that a microphone or camera is on unless said otherwise. */
  audioOff: z.literal(true).optional(),
  videoOff: z.literal(true).optional(),
  /** Joined with the meeting's host key. */
  host: z.literal(true).optional(),
  /** The page load it is in the call from: when this changes, the others call it afresh. */
  instance: instanceIdSchema.optional(),
});
export type Participant = z.infer<typeof participantSchema>;

export const iceServerSchema = z.object({
  urls: z.union([z.string().max(512), z.array(z.string().max(512)).max(8)]),
  username: z.string().max(256).optional(),
  credential: z.string().max(256).optional(),
});
export type IceServer = z.infer<typeof iceServerSchema>;

export const knockSchema = z.object({ id: participantIdSchema, name: z.string() });
export type Knock = z.infer<typeof knockSchema>;

export const chatMessageSchema = z.object({
  id: z.string().min(1).max(64),
  from: participantIdSchema,
  /** The sender's name when they said it, so history still reads right after they leave. */
  name: z.string(),
  text: z.string().max(MAX_CHAT_LENGTH * 2),
  /** Server time, milliseconds since the epoch. */
  sentAt: z.number().int().nonnegative(),
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
  "rate-limited",
  "not-host",
  "denied",
  "removed",
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const serverMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("roster"),
    participants: z.array(participantSchema),
    capacity: z.number().int().positive(),
    /** Whether newcomers must knock. */
    locked: z.boolean(),
  }),
  /** How to reach the others: STUN for everyone, TURN credentials only for members. */
  z.object({
    type: z.literal("ice-config"),
    iceServers: z.array(iceServerSchema).max(16),
    iceTransportPolicy: z.enum(["all", "relay"]),
    /** When the TURN credentials stop working (ms since the epoch); null without TURN. */
    expiresAt: z.number().int().nonnegative().nullable(),
  }),
  z.object({ type: z.literal("pong") }),
  /** To someone who asked to join a locked meeting: the host has been asked. */
  z.object({ type: z.literal("knocking") }),
  /** To hosts: who is waiting to be let in. */
  z.object({ type: z.literal("knocks"), knocks: z.array(knockSchema).max(100) }),
  z.object({ type: z.literal("joined"), self: participantSchema }),
  z.object({ type: z.literal("chat"), message: chatMessageSchema }),
  /** Sent to a member once, right after "joined": what was said before they came. */
  z.object({
    type: z.literal("chat-history"),
    messages: z.array(chatMessageSchema).max(CHAT_HISTORY_LENGTH),
  }),
  z.object({ type: z.literal("signal"), from: participantIdSchema, payload: signalPayloadSchema }),
  z.object({
    type: z.literal("error"),
    code: errorCodeSchema,
    message: z.string(),
    /** Errors that end the connection; the client must not reconnect after one. */
    fatal: z.boolean(),
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

function parseFrame<T>(schema: z.ZodType<T>, frame: unknown): ParseResult<T> {
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
