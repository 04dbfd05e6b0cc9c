/**
 * How two browsers move one file over one RTCDataChannel. Control messages are JSON strings, file
 * bytes are binary messages, and the channel is ordered and reliable, so the end marker arrives after
 * the last byte:
 *
 *   sender: offer ->            <- receiver: accept | decline
 *   sender: bytes..., end{sha256} ->    <- receiver: received | damaged
 *   either side, at any point: cancel (then closes the channel)
 */
import * as z from "zod/mini";
import { HIDDEN_CHARACTERS } from "../protocol";

/** Data channels with this protocol carry a file; anything else on the connection is not ours to read. */
export const FILE_CHANNEL_PROTOCOL = "parley-file/1";
const MAX_FILE_NAME_LENGTH = 255;
const MAX_CONTROL_BYTES = 2048;

const fileOfferSchema = z.object({
  type: z.literal("offer"),
  name: z.string().check(z.minLength(1), z.maxLength(MAX_FILE_NAME_LENGTH * 4)),
  size: z.int().check(z.nonnegative()),
  mime: z.string().check(z.maxLength(255)),
});

export const fileControlSchema = z.discriminatedUnion("type", [
  fileOfferSchema,
  z.object({ type: z.literal("accept") }),
  z.object({ type: z.literal("decline") }),
  z.object({ type: z.literal("end"), sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)) }),
  z.object({ type: z.literal("received") }),
  z.object({ type: z.literal("damaged") }),
  z.object({ type: z.literal("cancel") }),
]);

export type FileControl = z.infer<typeof fileControlSchema>;
export type FileOffer = z.infer<typeof fileOfferSchema>;

export function encodeControl(message: FileControl): string {
  return JSON.stringify(message);
}

/** Null for anything that is not a well-formed control message. */
export function parseControl(data: string): FileControl | null {
  if (data.length > MAX_CONTROL_BYTES) return null;
  try {
    const parsed = fileControlSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
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
