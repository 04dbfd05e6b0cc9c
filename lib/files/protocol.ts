/**
 * How two browsers move one file over one RTCDataChannel. Control messages are JSON strings, file
 * bytes are binary messages, and the channel is ordered and reliable, so the end marker arrives after
 * the last byte:
 *
 *   sender: offer ->            <- receiver: accept | decline
 *   sender: bytes..., end{sha256} ->    <- receiver: received | damaged
 *   either side, at any point: cancel (then closes the channel)
 */
import * as v from "valibot";
import { HIDDEN_CHARACTERS } from "../protocol";

/** Data channels with this protocol carry a file; anything else on the connection is not ours to read. */
export const FILE_CHANNEL_PROTOCOL = "parley-file/1";
const MAX_FILE_NAME_LENGTH = 255;
const MAX_CONTROL_BYTES = 2048;

const fileOfferSchema = v.object({
  type: v.literal("offer"),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_FILE_NAME_LENGTH * 4)),
  size: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  mime: v.pipe(v.string(), v.maxLength(255)),
});

export const fileControlSchema = v.variant("type", [
  fileOfferSchema,
  v.object({ type: v.literal("accept") }),
  v.object({ type: v.literal("decline") }),
  v.object({ type: v.literal("end"), sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)) }),
  v.object({ type: v.literal("received") }),
  v.object({ type: v.literal("damaged") }),
  v.object({ type: v.literal("cancel") }),
]);

export type FileControl = v.InferOutput<typeof fileControlSchema>;
export type FileOffer = v.InferOutput<typeof fileOfferSchema>;

export function encodeControl(message: FileControl): string {
  return JSON.stringify(message);
}

/** Null for anything that is not a well-formed control message. */
export function parseControl(data: string): FileControl | null {
  if (data.length > MAX_CONTROL_BYTES) return null;
  try {
    const parsed = v.safeParse(fileControlSchema, JSON.parse(data));
    return parsed.success ? parsed.output : null;
  } catch {
    return null;
  }
}

/**
 * A name that is safe to show and to save under: no folders (a sender cannot choose where it lands),
 * no control or invisible characters (a name cannot pretend to end in ".pdf"), not too long.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const visible = Array.from(base)
    .filter((character) => !HIDDEN_CHARACTERS.test(character))
    .join("")
    .trim()
    .replace(/^\.+/, "");
  const kept = Array.from(visible).slice(0, MAX_FILE_NAME_LENGTH).join("");
  return kept || "file";
}
