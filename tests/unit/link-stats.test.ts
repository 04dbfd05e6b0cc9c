import { afterEach, describe, expect, it, vi } from "vitest";
import {
  describeLinkStats,
  linkQuality,
  FIRST_STATS_READ_MS,
  pollLinkStats,
  readLinkStats,
  type LinkStats,
} from "@/lib/rtc/link-stats";

/** A stats report as a browser gives it: a map of reports by id. */
function report(entries: Record<string, unknown>[]): RTCStatsReport {
  return new Map(entries.map((entry) => [entry.id as string, entry])) as unknown as RTCStatsReport;
}

const snapshot = (bytesReceived: number, bytesSent: number, packetsLost = 2) =>
  report([
    {
      id: "pair",
      type: "candidate-pair",
      nominated: true,
      state: "succeeded",
      currentRoundTripTime: 0.042,
      localCandidateId: "local",
    },
    { id: "old", type: "candidate-pair", nominated: false, state: "failed", currentRoundTripTime: 9 },
    { id: "local", type: "local-candidate", candidateType: "srflx" },
    {
      id: "in",
      type: "inbound-rtp",
      kind: "video",
      packetsReceived: 98,
      packetsLost,
      framesPerSecond: 29.6,
      bytesReceived,
      codecId: "codec",
    },
    { id: "in-audio", type: "inbound-rtp", kind: "audio", bytesReceived: 0 },
    { id: "out", type: "outbound-rtp", kind: "video", bytesSent },
    { id: "codec", type: "codec", mimeType: "video/VP8" },
  ]);

describe("readLinkStats", () => {
  it("reads the selected path, loss, frame rate, codec, and bitrates between two readings", () => {
    const first = readLinkStats(snapshot(0, 0), null, 1000);
    expect(first).toMatchObject({
      rttMs: 42,
      lossPercent: 2,
      fps: 29.6,
      codec: "VP8",
      path: "srflx",
      kbpsIn: null,
    });
    const second = readLinkStats(snapshot(250_000, 125_000), first, 3000);
    expect(second.kbpsIn).toBe(1000);
    expect(second.kbpsOut).toBe(500);
    expect(describeLinkStats(second)).toBe(
      "RTT 42 ms · loss 2.0% · 30 fps · down 1000 kbit/s · up 500 kbit/s · VP8 · direct, through NAT",
    );
  });

  it("takes bitrates over the reports' own times, not the moments they were read at", () => {
    const at = (report: RTCStatsReport, timestamp: number) => {
      report.forEach((entry: { timestamp?: number }) => (entry.timestamp = timestamp));
      return report;
    };
    const first = readLinkStats(at(snapshot(0, 0), 50_000), null, 1000);
    // Read 3 s later, but counted 2 s after the first: 250 kB in 2 s.
    const second = readLinkStats(at(snapshot(250_000, 125_000), 52_000), first, 4000);
    expect(second.kbpsIn).toBe(1000);
    expect(second.kbpsOut).toBe(500);
  });

  it("gives no upload for a link that sends nothing, as the SFU's receiving connection", () => {
    const receiving = (bytes: number) => {
      const entries = snapshot(bytes, 0);
      (entries as unknown as Map<string, unknown>).delete("out");
      return entries;
    };
    const second = readLinkStats(receiving(250_000), readLinkStats(receiving(0), null, 1000), 3000);
    expect(second.kbpsIn).toBe(1000);
    expect(second.kbpsOut).toBeNull();
    expect(describeLinkStats(second)).toBe(
      "RTT 42 ms · loss 2.0% · 30 fps · down 1000 kbit/s · VP8 · direct, through NAT",
    );
  });

  it("says nothing it does not know, before any media", () => {
    const empty = readLinkStats(report([]), null, 0);
    expect(empty).toMatchObject({ rttMs: null, lossPercent: null, fps: null, codec: null, path: null });
    expect(describeLinkStats(empty)).toBe("");
  });
});

describe("pollLinkStats", () => {
  afterEach(() => vi.useRealTimers());

  it("reads after a moment, then on every tick, each reading against the last, and stops when told", async () => {
    vi.useFakeTimers();
    const bytes = [0, 250_000, 500_000];
    let reads = 0;
    const read = async () => snapshot(bytes[Math.min(reads++, 2)] ?? 0, 0);
    const seen: LinkStats[] = [];
    const stop = pollLinkStats(read, (stats) => seen.push(stats), 2000);
    // Not while the link's first pictures are on their way.
    await vi.advanceTimersByTimeAsync(FIRST_STATS_READ_MS - 1);
    expect(reads).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen.map((stats) => stats.kbpsIn)).toEqual([null]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(seen.at(-1)?.kbpsIn).toBe(1000);

    stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toHaveLength(2);
  });

  it("skips a reading with no report (the link is gone)", async () => {
    vi.useFakeTimers();
    const seen: LinkStats[] = [];
    const stop = pollLinkStats(
      async () => null,
      (stats) => seen.push(stats),
      2000,
    );
    await vi.advanceTimersByTimeAsync(4000);
    expect(seen).toEqual([]);
    stop();
  });
});

describe("linkQuality", () => {
  const base: LinkStats = {
    rttMs: 40,
    lossPercent: 0,
    fps: 30,
    kbpsIn: null,
    kbpsOut: null,
    codec: null,
    path: null,
    bytesIn: 0,
    bytesOut: 0,
    at: 0,
  };
  it("grades by the worst of loss, round-trip time and frame rate", () => {
    expect(linkQuality(base)).toBe("good");
    expect(linkQuality({ ...base, lossPercent: 3 })).toBe("fair");
    expect(linkQuality({ ...base, rttMs: 250 })).toBe("fair");
    expect(linkQuality({ ...base, fps: 15 })).toBe("fair");
    expect(linkQuality({ ...base, lossPercent: 8 })).toBe("poor");
    expect(linkQuality({ ...base, rttMs: 500 })).toBe("poor");
    expect(linkQuality({ ...base, fps: 5 })).toBe("poor");
  });
});
