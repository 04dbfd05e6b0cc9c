/**
 * What a call's statistics say about one link, in the terms people use: round-trip time, loss,
 * frames per second, bitrate each way, codec, and the kind of path (direct, through NAT, relayed).
 */

export interface LinkStats {
  rttMs: number | null;
  lossPercent: number | null;
  fps: number | null;
  kbpsIn: number | null;
  kbpsOut: number | null;
  codec: string | null;
  /** "host" (same network), "srflx" (through NAT), "relay" (through TURN), "prflx". */
  path: string | null;
  /** Byte counters and when they were counted (the report's time), for the next reading's bitrates. */
  bytesIn: number;
  bytesOut: number;
  at: number;
}

export type LinkQuality = "good" | "fair" | "poor";

type Report = Record<string, unknown> & { type: string; id: string };
const num = (value: unknown) => (typeof value === "number" ? value : null);

export function readLinkStats(report: RTCStatsReport, previous: LinkStats | null, now: number): LinkStats {
  const all: Report[] = [];
  report.forEach((entry: Report) => all.push(entry));
  const byId = new Map(all.map((entry) => [entry.id, entry]));
  const pair = all.find(
    (e) => e.type === "candidate-pair" && e.nominated === true && e.state === "succeeded",
  );
  const inbound = all.find((e) => e.type === "inbound-rtp" && e.kind === "video");
  const outbound = all.filter((e) => e.type === "outbound-rtp");
  const bytesIn = all
    .filter((e) => e.type === "inbound-rtp")
    .reduce((sum, e) => sum + (num(e.bytesReceived) ?? 0), 0);
  const bytesOut = outbound.reduce((sum, e) => sum + (num(e.bytesSent) ?? 0), 0);
  // Rates over the time between the two reports themselves: a report read for several tiles at once
  // (the SFU's one connection) can be older than the moment it is read at.
  // Every entry of a report carries its time, so any of them will do.
  const at = num(all[0]?.timestamp) ?? now;
  const seconds = previous ? (at - previous.at) / 1000 : 0;
  const kbps = (bytes: number, before: number | undefined) =>
    seconds > 0 && before !== undefined ? Math.max(0, ((bytes - before) * 8) / 1000 / seconds) : null;
  const received = num(inbound?.packetsReceived) ?? 0;
  const lost = num(inbound?.packetsLost) ?? 0;
  const codec = byId.get(String(inbound?.codecId ?? ""))?.mimeType;
  const local = byId.get(String(pair?.localCandidateId ?? ""));
  const rtt = num(pair?.currentRoundTripTime);
  return {
    rttMs: rtt === null ? null : Math.round(rtt * 1000),
    lossPercent: received + lost > 0 ? (lost / (received + lost)) * 100 : null,
    fps: num(inbound?.framesPerSecond),
    kbpsIn: kbps(bytesIn, previous?.bytesIn),
    // A link that sends nothing at all (the SFU's receiving connection) has no upload to speak of.
    kbpsOut: outbound.length > 0 ? kbps(bytesOut, previous?.bytesOut) : null,
    codec: typeof codec === "string" ? codec.replace(/^video\//, "") : null,
    path: typeof local?.candidateType === "string" ? local.candidateType : null,
    bytesIn,
    bytesOut,
    at,
  };
}

/** Good, fair or poor, from the worst of loss, round-trip time and frame rate. */
export function linkQuality({ rttMs, lossPercent, fps }: LinkStats): LinkQuality {
  if ((lossPercent ?? 0) > 5 || (rttMs ?? 0) > 400 || (fps !== null && fps < 10)) return "poor";
  if ((lossPercent ?? 0) > 2 || (rttMs ?? 0) > 200 || (fps !== null && fps < 20)) return "fair";
  return "good";
}

const PATH_NAMES: Record<string, string> = {
  host: "direct",
  srflx: "direct, through NAT",
  prflx: "direct, through NAT",
  relay: "relayed",
};

/** One line for the stats overlay. */
export function describeLinkStats(stats: LinkStats): string {
  const parts = [
    stats.rttMs !== null && `RTT ${stats.rttMs} ms`,
    stats.lossPercent !== null && `loss ${stats.lossPercent.toFixed(1)}%`,
    stats.fps !== null && `${Math.round(stats.fps)} fps`,
    stats.kbpsIn !== null && `down ${Math.round(stats.kbpsIn)} kbit/s`,
    stats.kbpsOut !== null && `up ${Math.round(stats.kbpsOut)} kbit/s`,
    stats.codec,
    stats.path && (PATH_NAMES[stats.path] ?? stats.path),
  ];
  return parts.filter(Boolean).join(" · ");
}

/**
 * How long after a link connects its statistics are first read: reading them (and showing them) at
 * once would compete with its first pictures, and one reading has no rates to show yet anyway.
 */
export const FIRST_STATS_READ_MS = 1000;

/**
 * Reads a link's statistics `FIRST_STATS_READ_MS` after the start and then every `everyMs`, each
 * reading against the one before (rates need two); `onStats` gets each. Returns how to stop.
 */
export function pollLinkStats(
  read: () => Promise<RTCStatsReport | null>,
  onStats: (stats: LinkStats) => void,
  everyMs = 2000,
): () => void {
  let previous: LinkStats | null = null;
  let polling = true;
  const poll = async () => {
    const report = await read();
    if (!report || !polling) return;
    previous = readLinkStats(report, previous, performance.now());
    onStats(previous);
  };
  let timer = setTimeout(() => {
    void poll();
    timer = setInterval(() => void poll(), everyMs);
  }, FIRST_STATS_READ_MS);
  return () => {
    polling = false;
    clearInterval(timer);
  };
}
