/** The receiving end of one file transfer: hear the offer, let the person decide, collect and verify. */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { ChannelReader, opened, TransferError, type FileChannel } from "./channel";
import { safeFileName, type FileOffer } from "./protocol";
import { settleFailure, type TransferOutcome } from "./send-file";

/**
 * Received bytes are gathered into a Blob every so often: the browser can keep a large Blob on disk,
 * where an array of buffers has to stay in memory.
 */
const BLOB_BATCH_BYTES = 16 * 1024 * 1024;

export interface ReceiveFileOptions {
  signal: AbortSignal;
  /** Called once the offer is in, with its name made safe; resolves true to accept, false to decline. */
  decide: (offer: FileOffer) => Promise<boolean>;
  onProgress?: (bytesReceived: number) => void;
  now?: () => number;
}

export type ReceiveOutcome = TransferOutcome | { outcome: "received"; file: File; bytesPerSecond: number };

export async function receiveFile(
  channel: FileChannel,
  { signal, decide, onProgress, now = () => performance.now() }: ReceiveFileOptions,
): Promise<ReceiveOutcome> {
  const reader = new ChannelReader(channel, signal);
  try {
    await opened(channel, signal);
    const first = await reader.next();
    if (first.type !== "offer") throw new TransferError("The other side did not say what it was sending.");
    const offer = { ...first, name: safeFileName(first.name) };
    const accepted = await Promise.race([decide(offer), reader.next().then(() => null)]);
    // The sender gave up while the person was still deciding.
    if (accepted === null) return { outcome: "cancelled-there" };
    reader.throwIfFailed();
    if (!accepted) {
      reader.send({ type: "decline" });
      return { outcome: "declined" };
    }

    const started = now();
    const hash = sha256.create();
    const batches: Blob[] = [];
    let pending: ArrayBuffer[] = [];
    let pendingBytes = 0;
    let received = 0;
    reader.onBytes = (bytes) => {
      received += bytes.byteLength;
      if (received > offer.size) {
        reader.fail(new TransferError("More data arrived than the file's size."));
        return;
      }
      hash.update(new Uint8Array(bytes));
      pending.push(bytes);
      pendingBytes += bytes.byteLength;
      if (pendingBytes >= BLOB_BATCH_BYTES) {
        batches.push(new Blob(pending));
        pending = [];
        pendingBytes = 0;
      }
      onProgress?.(received);
    };
    reader.send({ type: "accept" });
    const end = await reader.next();
    if (end.type === "cancel") return { outcome: "cancelled-there" };
    if (end.type !== "end") throw new TransferError("The other side answered out of turn.");
    if (received !== offer.size || bytesToHex(hash.digest()) !== end.sha256) {
      reader.send({ type: "damaged" });
      return { outcome: "failed", reason: "The file arrived damaged." };
    }
    reader.send({ type: "received" });
    const file = new File([...batches, ...pending], offer.name, { type: offer.mime });
    return { outcome: "received", file, bytesPerSecond: offer.size / (Math.max(now() - started, 1) / 1000) };
  } catch (error) {
    return settleFailure(reader, error);
  } finally {
    reader.close();
  }
}
