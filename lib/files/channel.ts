/**
 * What both ends of a file transfer need from an RTCDataChannel: wait for it to open, read its control
 * messages in order, and keep its send buffer bounded.
 */
import { encodeControl, parseControl, type FileControl } from "./protocol";

/** The parts of RTCDataChannel a transfer uses, so the logic can also run on a channel in a test. */
export type FileChannel = Pick<
  RTCDataChannel,
  | "readyState"
  | "bufferedAmount"
  | "bufferedAmountLowThreshold"
  | "binaryType"
  | "send"
  | "close"
  | "addEventListener"
  | "removeEventListener"
>;

/** Why a transfer stopped before it finished, other than a choice made by one of the people. */
export class TransferError extends Error {}

/** The transfer was cancelled on this side (its AbortSignal fired). */
export class CancelledHere extends Error {}

/**
 * Sending stops while more than HIGH_WATER bytes wait in the channel's buffer and resumes when it
 * falls to LOW_WATER: enough in flight to keep the connection busy, never the whole file in memory.
 */
export const HIGH_WATER_BYTES = 4 * 1024 * 1024;
export const LOW_WATER_BYTES = 1024 * 1024;

type Settle = { resolve: (message: FileControl) => void; reject: (error: Error) => void };

/**
 * Reads a channel's messages as they come. Control messages queue until asked for; binary ones go
 * straight to `onBytes`, in order, so bytes and the end marker cannot be reordered.
 */
export class ChannelReader {
  private readonly queue: FileControl[] = [];
  private waiting: (Settle & { promise: Promise<FileControl> }) | null = null;
  private wakeDrain: (() => void) | null = null;
  private failure: Error | null = null;
  private readonly detach: () => void;
  onBytes: (bytes: ArrayBuffer) => void = () => {
    this.fail(new TransferError("File data arrived before it was asked for."));
  };

  constructor(
    private readonly channel: FileChannel,
    signal: AbortSignal,
  ) {
    channel.binaryType = "arraybuffer";
    const onMessage = (event: MessageEvent) => this.onMessage(event.data);
    const onClose = () => this.fail(new TransferError("The connection closed before the file was through."));
    const onAbort = () => this.fail(new CancelledHere("Cancelled."));
    channel.addEventListener("message", onMessage);
    channel.addEventListener("close", onClose);
    signal.addEventListener("abort", onAbort);
    if (signal.aborted) onAbort();
    this.detach = () => {
      channel.removeEventListener("message", onMessage);
      channel.removeEventListener("close", onClose);
      signal.removeEventListener("abort", onAbort);
    };
  }

  /**
   * The next control message, or the reason there will be none. Asking again before it arrives gets
   * the same promise, so one can wait for it in a race and again afterwards without losing it.
   */
  next(): Promise<FileControl> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiting) return this.waiting.promise;
    let settle: Settle = { resolve: () => {}, reject: () => {} };
    const promise = new Promise<FileControl>((resolve, reject) => (settle = { resolve, reject }));
    // Rejections are read by whoever awaits; one nobody awaits must not surface as unhandled.
    promise.catch(() => {});
    this.waiting = { ...settle, promise };
    return promise;
  }

  /** Resolves once the channel's buffer has room again, or at once when the transfer has stopped. */
  async drained(): Promise<void> {
    this.throwIfFailed();
    if (this.channel.bufferedAmount <= HIGH_WATER_BYTES) return;
    this.channel.bufferedAmountLowThreshold = LOW_WATER_BYTES;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.channel.removeEventListener("bufferedamountlow", done);
        this.wakeDrain = null;
        resolve();
      };
      this.channel.addEventListener("bufferedamountlow", done);
      // A cancel or a closed channel must not wait for a buffer that will never drain.
      this.wakeDrain = done;
    });
    this.throwIfFailed();
  }

  send(message: FileControl): void {
    if (this.channel.readyState === "open") this.channel.send(encodeControl(message));
  }

  /** The error that stopped the transfer, if one has. */
  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.reject(error);
    this.wakeDrain?.();
  }

  close(): void {
    this.detach();
    this.channel.close();
  }

  private onMessage(data: unknown): void {
    if (this.failure) return;
    if (data instanceof ArrayBuffer) {
      this.onBytes(data);
      return;
    }
    const message = typeof data === "string" ? parseControl(data) : null;
    if (!message) {
      this.fail(new TransferError("The other side sent something that is not part of a file transfer."));
      return;
    }
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = null;
      waiting.resolve(message);
    } else {
      this.queue.push(message);
    }
  }
}

/** Resolves when the channel is open; rejects if it closes or the transfer is cancelled first. */
export function opened(channel: FileChannel, signal: AbortSignal): Promise<void> {
  if (channel.readyState === "open") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      channel.removeEventListener("open", onOpen);
      channel.removeEventListener("close", onClose);
      signal.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onOpen = () => settle();
    const onClose = () => settle(new TransferError("Couldn't open a connection for the file."));
    const onAbort = () => settle(new CancelledHere("Cancelled."));
    channel.addEventListener("open", onOpen);
    channel.addEventListener("close", onClose);
    signal.addEventListener("abort", onAbort);
    if (signal.aborted) onAbort();
  });
}
