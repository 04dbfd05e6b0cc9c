/**
 * Two ends of an in-memory data channel that model what the transfer logic depends on: a send buffer
 * that fills on send() and drains as the other end receives, "bufferedamountlow" when it falls to the
 * threshold, ordered delivery, and close reaching both ends once what was sent before it is delivered.
 */
import type { TransferChannel } from "@/lib/files/file-transfers";
import { FILE_CHANNEL_PROTOCOL } from "@/lib/files/protocol";

export class FakeChannel extends EventTarget implements TransferChannel {
  protocol = FILE_CHANNEL_PROTOCOL;
  readyState: RTCDataChannelState = "connecting";
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  binaryType: BinaryType = "blob";
  /** The most that was ever waiting in this end's buffer. */
  peakBuffered = 0;
  /** Lets a test change bytes on the way, as a broken path would. */
  tamper: ((bytes: Uint8Array, offset: number) => void) | null = null;
  peer!: FakeChannel;
  private readonly outbox: { data: string | ArrayBuffer; size: number }[] = [];
  private pumping = false;
  private sentBytes = 0;

  constructor(private readonly deliveryDelayMs: number) {
    super();
  }

  send(data: string | Blob | ArrayBuffer | ArrayBufferView): void {
    if (this.readyState !== "open") throw new DOMException("Channel is not open", "InvalidStateError");
    let copy: string | ArrayBuffer;
    if (typeof data === "string") copy = data;
    else if (data instanceof ArrayBuffer) copy = data.slice(0);
    else if (ArrayBuffer.isView(data)) {
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
      this.tamper?.(bytes, this.sentBytes);
      this.sentBytes += bytes.byteLength;
      copy = bytes.buffer;
    } else throw new TypeError("Blobs are not sent by the transfer.");
    const size = typeof copy === "string" ? copy.length : copy.byteLength;
    this.outbox.push({ data: copy, size });
    this.bufferedAmount += size;
    this.peakBuffered = Math.max(this.peakBuffered, this.bufferedAmount);
    this.pump();
  }

  close(): void {
    if (this.readyState === "closing" || this.readyState === "closed") return;
    this.readyState = "closing";
    this.finishClosingWhenSent();
  }

  /** Drops the connection at once, with messages still in flight, as a network failure would. */
  breakOff(): void {
    this.outbox.length = 0;
    this.close();
  }

  private finishClosingWhenSent(): void {
    if (this.readyState !== "closing" || this.outbox.length > 0) return;
    for (const end of [this, this.peer]) {
      if (end.readyState === "closed") continue;
      end.readyState = "closed";
      end.outbox.length = 0;
      setTimeout(() => end.dispatchEvent(new Event("close")), 0);
    }
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    setTimeout(() => {
      this.pumping = false;
      const next = this.outbox.shift();
      if (!next || this.readyState === "closed") return;
      const before = this.bufferedAmount;
      this.bufferedAmount -= next.size;
      this.peer.dispatchEvent(new MessageEvent("message", { data: next.data }));
      if (
        before > this.bufferedAmountLowThreshold &&
        this.bufferedAmount <= this.bufferedAmountLowThreshold
      ) {
        this.dispatchEvent(new Event("bufferedamountlow"));
      }
      if (this.outbox.length > 0) this.pump();
      else this.finishClosingWhenSent();
    }, this.deliveryDelayMs);
  }
}

/** Both ends, opening a moment after creation as a real channel does. */
export function channelPair(deliveryDelayMs = 0): [FakeChannel, FakeChannel] {
  const a = new FakeChannel(deliveryDelayMs);
  const b = new FakeChannel(deliveryDelayMs);
  a.peer = b;
  b.peer = a;
  setTimeout(() => {
    for (const end of [a, b]) {
      end.readyState = "open";
      end.dispatchEvent(new Event("open"));
    }
  }, 1);
  return [a, b];
}
