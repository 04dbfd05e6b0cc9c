/**
 * What a browser may send the room server: the server checks every frame it receives against these.
 * Apart from protocol.ts, which both ends load, so that the meeting page, which only builds these
 * messages, does not carry their schemas.
 */
import * as v from "valibot";
import {
  chatTextSchema,
  displayNameSchema,
  feedIdSchema,
  hostKeySchema,
  instanceIdSchema,
  isTooLarge,
  parseFrame,
  participantIdSchema,
  presenceSchema,
  PROTOCOL_VERSION,
  reactionSchema,
  sessionIdSchema,
  signalLinks,
  signalPayloadSchema,
  text,
} from "./protocol";

export const clientMessageSchema = v.variant("type", [
  v.object({
    type: v.literal("join"),
    version: v.pipe(v.number(), v.safeInteger()),
    name: displayNameSchema,
    presence: v.optional(presenceSchema),
    hostKey: v.optional(hostKeySchema),
    session: v.optional(sessionIdSchema),
    instance: v.optional(instanceIdSchema),
  }),
  /**
   * From the pre-join screen of an open meeting: connect the calls now, media held until the join
   * (answered by "arriving").
   */
  v.object({ type: v.literal("arrive"), instance: instanceIdSchema }),
  /** Every few seconds: tells the server this browser is still there (and gets a pong back). */
  v.object({ type: v.literal("ping") }),
  /** Host only: newcomers knock and wait to be let in while the meeting is locked. */
  v.object({ type: v.literal("lock"), locked: v.boolean() }),
  /** Host only: let someone who knocked in, or turn them away. */
  v.object({ type: v.literal("admit"), id: participantIdSchema }),
  v.object({ type: v.literal("deny"), id: participantIdSchema }),
  /** Host only: take a participant out of the meeting. */
  v.object({ type: v.literal("remove"), id: participantIdSchema }),
  /** Fresh TURN credentials before the current ones expire. */
  v.object({ type: v.literal("refresh-ice") }),
  /** What this participant says of itself now (microphone, camera, hand...), replacing what it said before. */
  v.object({ type: v.literal("presence"), presence: presenceSchema }),
  /** Host only: put down someone's raised hand (their turn came, or it was left up). */
  v.object({ type: v.literal("lower-hand"), id: participantIdSchema }),
  /** A moment's emoji over the sender's tile, for everyone. */
  v.object({ type: v.literal("react"), reaction: reactionSchema }),
  /** The SFU said the meeting's room there does not exist (it restarted): the server makes a new one. */
  v.object({ type: v.literal("sfu-room-missing"), room: text(128) }),
  /** The streams this participant publishes to the SFU now, so the others subscribe to those only. */
  v.object({
    type: v.literal("feeds"),
    camera: v.nullable(feedIdSchema),
    screen: v.nullable(feedIdSchema),
  }),
  v.object({
    type: v.literal("signal"),
    to: participantIdSchema,
    ...signalLinks,
    payload: signalPayloadSchema,
  }),
  v.object({ type: v.literal("leave") }),
  v.object({ type: v.literal("chat"), text: chatTextSchema }),
]);
export type ClientMessage = v.InferOutput<typeof clientMessageSchema>;
/** A signal with the peer connections it is between, as one browser's mesh sends it to another's. */
export type LinkSignal = Omit<Extract<ClientMessage, { type: "signal" }>, "type" | "to">;

export const parseClientMessage = (frame: unknown) => parseFrame(clientMessageSchema, frame);

const anyJoinSchema = v.object({ type: v.literal("join"), version: v.unknown() });

/** True for a frame that is a join from another protocol version, whatever else it holds. */
export function isJoinFromOtherVersion(frame: unknown): boolean {
  if (typeof frame !== "string" || isTooLarge(frame)) return false;
  try {
    const join = v.safeParse(anyJoinSchema, JSON.parse(frame));
    return join.success && join.output.version !== PROTOCOL_VERSION;
  } catch {
    return false;
  }
}
