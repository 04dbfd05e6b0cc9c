/** The sending end of one file transfer: offer, wait for an answer, stream, and prove what was sent. */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { CancelledHere, ChannelReader, opened, TransferError, type FileChannel } from "./channel";
import type { FileControl } from "./protocol";

/** Small enough for every browser's data channel messages, large enough to keep overhead low. */
export const CHUNK_BYTES = 64 * 1024;
/** Read from disk this much at a time, then sent in chunks. */
const READ_BYTES = 1024 * 1024;

/** Reads a file a slice at a time, so a large file is never in memory whole. */
export async function* readChunks(
  file: Blob,
  chunkBytes = CHUNK_BYTES,
): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  for (let offset = 0; offset < file.size; offset += READ_BYTES) {
    const slice = new Uint8Array(await file.slice(offset, offset + READ_BYTES).arrayBuffer());
    for (let start = 0; start < slice.length; start += chunkBytes) {
      yield slice.subarray(start, start + chunkBytes);
    }
  }
}

export type TransferOutcome =
  | { outcome: "done"; bytesPerSecond: number }
  | { outcome: "declined" | "cancelled-here" | "cancelled-there" }
  | { outcome: "failed"; reason: string };

export interface SendFileOptions {
  signal: AbortSignal;
  onAccepted?: () => void;
  onProgress?: (bytesSent: number) => void;
  now?: () => number;
}

export async function sendFile(
  channel: FileChannel,
  file: File,
  { signal, onAccepted, onProgress, now = () => performance.now() }: SendFileOptions,
): Promise<TransferOutcome> {
  const reader = new ChannelReader(channel, signal);
  try {
    await opened(channel, signal);
    reader.send({ type: "offer", name: file.name, size: file.size, mime: file.type });
    const answer = await reader.next();
    if (answer.type === "decline") return { outcome: "declined" };
    if (answer.type === "cancel") return { outcome: "cancelled-there" };
    if (answer.type !== "accept") throw new TransferError("The other side answered out of turn.");
    onAccepted?.();

    const started = now();
    const hash = sha256.create();
    let sent = 0;
    // Whatever the receiver says next: a cancel while we send, or its verdict once the end is out.
    let reply: FileControl | null = null;
    const replied = reader.next().then((message) => (reply = message));
    // Read only once the end is out; a failure before that is reported by the loop instead.
    replied.catch(() => {});
    try {
      for await (const chunk of readChunks(file)) {
        if (reply) break;
        await reader.drained();
        channel.send(chunk);
        hash.update(chunk);
        sent += chunk.byteLength;
        onProgress?.(sent);
      }
    } catch (error) {
      // A receiver that cancels also closes the channel, which can land while we wait to send.
      if (isCancel(reply)) return { outcome: "cancelled-there" };
      throw error;
    }
    if (isCancel(reply)) return { outcome: "cancelled-there" };
    if (reply) throw new TransferError("The other side answered out of turn.");
    reader.send({ type: "end", sha256: bytesToHex(hash.digest()) });
    const verdict = await replied;
    const seconds = Math.max(now() - started, 1) / 1000;
    if (verdict.type === "received") return { outcome: "done", bytesPerSecond: file.size / seconds };
    if (verdict.type === "damaged") return { outcome: "failed", reason: "The file arrived damaged." };
    if (verdict.type === "cancel") return { outcome: "cancelled-there" };
    throw new TransferError("The other side answered out of turn.");
  } catch (error) {
    return settleFailure(reader, error);
  } finally {
    reader.close();
  }
}

/** Shared by both ends: a cancel here tells the other side; anything else is reported as it is. */
export function settleFailure(reader: ChannelReader, error: unknown): TransferOutcome {
  if (error instanceof CancelledHere) {
    reader.send({ type: "cancel" });
    return { outcome: "cancelled-here" };
  }
  if (error instanceof TransferError) return { outcome: "failed", reason: error.message };
  throw error;
}

const isCancel = (message: FileControl | null) => message?.type === "cancel";
