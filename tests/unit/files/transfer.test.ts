import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HIGH_WATER_BYTES } from "@/lib/files/channel";
import { receiveFile, type ReceiveOutcome } from "@/lib/files/receive-file";
import { CHUNK_BYTES, readChunks, sendFile } from "@/lib/files/send-file";
import { channelPair, type FakeChannel } from "./fake-channel";

const MB = 1024 * 1024;

function fileOf(bytes: Uint8Array<ArrayBuffer>, name = "notes.bin"): File {
  return new File([bytes], name, { type: "application/octet-stream" });
}

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

/** Runs both ends over a channel pair; the receiver answers the offer with `accept`. */
function transfer(
  file: File,
  {
    accept = true,
    deliveryDelayMs = 0,
    prepare = () => {},
  }: {
    accept?: boolean | Promise<boolean>;
    deliveryDelayMs?: number;
    prepare?: (ends: [FakeChannel, FakeChannel]) => void;
  } = {},
) {
  const ends = channelPair(deliveryDelayMs);
  prepare(ends);
  const [senderEnd, receiverEnd] = ends;
  const sending = new AbortController();
  const receiving = new AbortController();
  const sentProgress: number[] = [];
  const receivedProgress: number[] = [];
  const offers: { name: string; size: number; mime: string }[] = [];
  const sent = sendFile(senderEnd, file, {
    signal: sending.signal,
    onProgress: (bytes) => sentProgress.push(bytes),
  });
  const received = receiveFile(receiverEnd, {
    signal: receiving.signal,
    decide: async (offer) => {
      offers.push({ name: offer.name, size: offer.size, mime: offer.mime });
      return accept;
    },
    onProgress: (bytes) => receivedProgress.push(bytes),
  });
  return {
    sent,
    received,
    sending,
    receiving,
    sentProgress,
    receivedProgress,
    offers,
    senderEnd,
    receiverEnd,
  };
}

async function receivedBytes(outcome: ReceiveOutcome): Promise<Uint8Array> {
  if (outcome.outcome !== "received") throw new Error(`Expected a file, got ${outcome.outcome}.`);
  return bytesOf(outcome.file);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("readChunks", () => {
  it("cuts a file into chunks of at most the chunk size, in order, reading a slice at a time", async () => {
    const bytes = new Uint8Array(randomBytes(3 * MB + 12_345));
    const file = fileOf(bytes);
    const slice = vi.spyOn(file, "slice");
    const chunks: Uint8Array[] = [];
    for await (const chunk of readChunks(file)) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.byteLength <= CHUNK_BYTES)).toBe(true);
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
    // Four reads of at most 1 MB, never the whole file at once.
    expect(slice).toHaveBeenCalledTimes(4);
    for (const [start, end] of slice.mock.calls) expect((end ?? 0) - (start ?? 0)).toBeLessThanOrEqual(MB);
  });

  it("yields nothing for an empty file", async () => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of readChunks(fileOf(new Uint8Array(0)))) chunks.push(chunk);
    expect(chunks).toEqual([]);
  });
});

describe("sending and receiving a file", () => {
  it("delivers the exact bytes, with the name, size and type offered first and progress on both ends", async () => {
    const bytes = new Uint8Array(randomBytes(5 * MB + 7));
    const run = transfer(fileOf(bytes, "report.pdf"));
    const [sent, received] = await Promise.all([run.sent, run.received]);
    expect(sent.outcome).toBe("done");
    expect(Buffer.from(await receivedBytes(received)).equals(Buffer.from(bytes))).toBe(true);
    expect(received.outcome === "received" && received.file.name).toBe("report.pdf");
    expect(run.offers).toEqual([
      { name: "report.pdf", size: bytes.byteLength, mime: "application/octet-stream" },
    ]);
    expect(run.sentProgress.at(-1)).toBe(bytes.byteLength);
    expect(run.receivedProgress.at(-1)).toBe(bytes.byteLength);
    expect(sent.outcome === "done" && sent.bytesPerSecond).toBeGreaterThan(0);
    expect([run.senderEnd.readyState, run.receiverEnd.readyState]).toEqual(["closed", "closed"]);
  });

  it("never lets more than the high-water mark wait in the send buffer", async () => {
    const bytes = new Uint8Array(randomBytes(12 * MB));
    // A slow path: every message takes a while to leave, so the buffer fills unless sending waits.
    const run = transfer(fileOf(bytes), { deliveryDelayMs: 1 });
    const [sent] = await Promise.all([run.sent, run.received]);
    expect(sent.outcome).toBe("done");
    expect(run.senderEnd.peakBuffered).toBeGreaterThan(HIGH_WATER_BYTES - CHUNK_BYTES);
    expect(run.senderEnd.peakBuffered).toBeLessThanOrEqual(HIGH_WATER_BYTES + CHUNK_BYTES);
  });

  it("sends an empty file", async () => {
    const run = transfer(fileOf(new Uint8Array(0), "empty.txt"));
    const [sent, received] = await Promise.all([run.sent, run.received]);
    expect(sent.outcome).toBe("done");
    expect((await receivedBytes(received)).byteLength).toBe(0);
  });

  it("sends nothing when the receiver declines, and tells the sender", async () => {
    const run = transfer(fileOf(new Uint8Array(randomBytes(MB))), { accept: false });
    const [sent, received] = await Promise.all([run.sent, run.received]);
    expect(sent).toEqual({ outcome: "declined" });
    expect(received).toEqual({ outcome: "declined" });
    expect(run.sentProgress).toEqual([]);
  });

  it("stops both ends cleanly when the sender cancels midway", async () => {
    const run = transfer(fileOf(new Uint8Array(randomBytes(12 * MB))), { deliveryDelayMs: 1 });
    await vi.waitFor(() => expect(run.receivedProgress.length).toBeGreaterThan(0));
    run.sending.abort();
    const [sent, received] = await Promise.all([run.sent, run.received]);
    expect(sent).toEqual({ outcome: "cancelled-here" });
    expect(received).toEqual({ outcome: "cancelled-there" });
    expect(run.receivedProgress.at(-1)).toBeLessThan(12 * MB);
    expect([run.senderEnd.readyState, run.receiverEnd.readyState]).toEqual(["closed", "closed"]);
  });

  it("stops both ends cleanly when the receiver cancels midway", async () => {
    const run = transfer(fileOf(new Uint8Array(randomBytes(12 * MB))), { deliveryDelayMs: 1 });
    await vi.waitFor(() => expect(run.receivedProgress.length).toBeGreaterThan(0));
    run.receiving.abort();
    const [sent, received] = await Promise.all([run.sent, run.received]);
    expect(sent).toEqual({ outcome: "cancelled-there" });
    expect(received).toEqual({ outcome: "cancelled-here" });
    expect(run.sentProgress.at(-1)).toBeLessThan(12 * MB);
  });

  it("lets the sender withdraw an offer the receiver has not answered yet", async () => {
    const run = transfer(fileOf(new Uint8Array(randomBytes(MB))), { accept: new Promise<boolean>(() => {}) });
    await vi.waitFor(() => expect(run.offers).toHaveLength(1));
    run.sending.abort();
    const [sent, received] = await Promise.all([run.sent, run.received]);
    expect(sent).toEqual({ outcome: "cancelled-here" });
    expect(received).toEqual({ outcome: "cancelled-there" });
  });

  it("rejects a file whose bytes changed on the way, on both ends", async () => {
    const bytes = new Uint8Array(randomBytes(2 * MB));
    const run = transfer(fileOf(bytes), {
      prepare: ([senderEnd]) => {
        senderEnd.tamper = (chunk, offset) => {
          if (offset === 0) chunk[10] = (chunk[10] ?? 0) ^ 0xff;
        };
      },
    });
    const [sent, received] = await Promise.all([run.sent, run.received]);
    expect(received).toEqual({ outcome: "failed", reason: "The file arrived damaged." });
    expect(sent).toEqual({ outcome: "failed", reason: "The file arrived damaged." });
  });

  it("reports a connection lost midway as a failure on both ends", async () => {
    const run = transfer(fileOf(new Uint8Array(randomBytes(12 * MB))), { deliveryDelayMs: 1 });
    await vi.waitFor(() => expect(run.receivedProgress.length).toBeGreaterThan(0));
    run.senderEnd.breakOff();
    const [sent, received] = await Promise.all([run.sent, run.received]);
    expect(sent.outcome).toBe("failed");
    expect(received).toEqual({
      outcome: "failed",
      reason: "The connection closed before the file was through.",
    });
  });
});

describe("a receiver facing a misbehaving sender", () => {
  it("refuses more bytes than offered, and anything that is not the protocol", async () => {
    for (const misbehave of [
      (end: FakeChannel) => {
        end.send(JSON.stringify({ type: "offer", name: "a", size: 3, mime: "" }));
        end.addEventListener("message", () => end.send(new Uint8Array(4)));
      },
      (end: FakeChannel) => end.send("<html>not json</html>"),
      (end: FakeChannel) => end.send(JSON.stringify({ type: "end", sha256: "0".repeat(64) })),
      (end: FakeChannel) => end.send(new Uint8Array(8)),
    ]) {
      const [rogue, receiverEnd] = channelPair();
      rogue.addEventListener("open", () => misbehave(rogue), { once: true });
      const outcome = await receiveFile(receiverEnd, {
        signal: new AbortController().signal,
        decide: async () => true,
      });
      expect(outcome.outcome).toBe("failed");
      expect(receiverEnd.readyState).toBe("closed");
    }
  });

  it("keeps folders and hidden characters out of the offered name", async () => {
    const [rogue, receiverEnd] = channelPair();
    rogue.addEventListener(
      "open",
      () => rogue.send(JSON.stringify({ type: "offer", name: "../../etc/\u202Egnp.exe", size: 0, mime: "" })),
      { once: true },
    );
    const names: string[] = [];
    await receiveFile(receiverEnd, {
      signal: new AbortController().signal,
      decide: async (offer) => {
        names.push(offer.name);
        return false;
      },
    });
    expect(names).toEqual(["gnp.exe"]);
  });
});
