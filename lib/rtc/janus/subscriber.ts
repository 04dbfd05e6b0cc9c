/**
 * Everything a page receives from a Janus VideoRoom, on one peer connection: a multistream subscriber
 * whose set of feeds follows the meeting. Janus offers, this page answers; each change (subscribe,
 * unsubscribe, a publisher gone) is one renegotiation, one at a time. Which simulcast layer of a feed
 * comes, or whether its video comes at all, is set per stream without renegotiating.
 */
import type { IceSetup } from "../peer-link";
import type { JanusHandle, JanusSession, PluginEvent } from "./session";
import { decodedOn } from "../media-flow";
import { watchConnectDeadline } from "./connect-deadline";

export interface SubscriberOptions {
  session: JanusSession;
  room: string;
  pin: string;
  ice: IceSetup;
  certificates?: RTCCertificate[];
  /** The tracks received per feed, after every change. */
  onTracks: (tracks: Map<string, MediaStreamTrack[]>) => void;
  onFailed: (reason: string) => void;
  /** The connection's state changed (it came up, or went down). */
  onConnectionChange: () => void;
}

/** Which video layer of a feed to receive: a simulcast index (0 lowest), or none at all. */
export type LayerChoice = number | "paused";

interface StreamEntry {
  mid: string;
  feedId: string;
  type: string;
}

/** After a refused (un)subscription, the next try waits this long. */
const RETRY_MS = 2000;
/** A statistics reading serves every tile that asks within this long (tiles poll every 2 s). */
const STATS_SHARED_MS = 1000;

type StatsEntry = { id: string; type: string; mid?: string };

export class JanusSubscriber {
  private handle: JanusHandle | null = null;
  private pc: RTCPeerConnection | null = null;
  private joined = false;
  private closed = false;
  /** Feeds Janus has confirmed this subscription carries. */
  private subscribed = new Set<string>();
  private wanted: string[] = [];
  private streams: StreamEntry[] = [];
  private readonly layers = new Map<string, LayerChoice>();
  /** What was last asked of Janus per mid, so nothing is asked twice. */
  private readonly applied = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopConnectDeadline: () => void = () => {};
  private lastStats: { pc: RTCPeerConnection; at: number; entries: Promise<StatsEntry[]> } | null = null;

  constructor(private readonly options: SubscriberOptions) {}

  /** Receive these feeds, and no others. */
  follow(feedIds: readonly string[]): void {
    this.wanted = [...feedIds];
    this.enqueue(() => this.reconcile());
  }

  /** The layer of a feed's video to receive. */
  setLayer(feedId: string, choice: LayerChoice): void {
    this.layers.set(feedId, choice);
    this.enqueue(() => this.applyLayers());
  }

  get connected(): boolean {
    return this.pc?.connectionState === "connected";
  }

  /** Whether a frame of this track has been decoded yet; a track no longer received has nothing to wait for. */
  hasDecoded(track: MediaStreamTrack): Promise<boolean> {
    return decodedOn(this.pc ? [this.pc] : [], track);
  }

  /** The statistics of one feed's streams, with the connection's own (its path, round trip). */
  async stats(feedId: string): Promise<RTCStatsReport | null> {
    const entries = this.sharedStats();
    if (!entries) return null;
    const mids = new Set(this.streams.filter((s) => s.feedId === feedId).map((s) => s.mid));
    const kept = new Map<string, StatsEntry>();
    for (const entry of await entries) {
      if (entry.type === "inbound-rtp" && !mids.has(String(entry.mid))) continue;
      kept.set(entry.id, entry);
    }
    return kept as unknown as RTCStatsReport;
  }

  /**
   * One reading of the connection for every tile that asks within a second: each tile polls its own
   * feed, and a full report of a connection carrying everyone, read once per tile, cost a page of
   * eight a tenth of its main thread.
   */
  private sharedStats(): Promise<StatsEntry[]> | null {
    const pc = this.pc;
    if (!pc) return null;
    const now = performance.now();
    if (this.lastStats?.pc !== pc || now - this.lastStats.at > STATS_SHARED_MS) {
      const entries = pc.getStats().then((report) => {
        const all: StatsEntry[] = [];
        report.forEach((entry: StatsEntry) => all.push(entry));
        return all;
      });
      this.lastStats = { pc, at: now, entries };
    }
    return this.lastStats.entries;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.stopConnectDeadline();
    this.pc?.close();
    this.handle?.detach();
  }

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.closed) return;
      try {
        await step();
      } catch (error) {
        if (this.closed) return;
        console.warn("A media server subscription change failed; trying again:", error);
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.enqueue(() => this.catchUp()), RETRY_MS);
      }
    });
  }

  /** After a failure: whatever of the subscription and the layers Janus has not confirmed, again. */
  private async catchUp(): Promise<void> {
    await this.reconcile();
    await this.applyLayers();
  }

  private async reconcile(): Promise<void> {
    const adding = this.wanted.filter((feed) => !this.subscribed.has(feed));
    const removing = [...this.subscribed].filter((feed) => !this.wanted.includes(feed));
    if (!this.joined) {
      if (adding.length === 0) return;
      const handle = await this.ensureHandle();
      const { room, pin } = this.options;
      const answer = await handle.message({
        request: "join",
        ptype: "subscriber",
        room,
        pin,
        streams: adding.map((feed) => ({ feed })),
      });
      this.joined = true;
      await this.applyOffer(answer);
      return;
    }
    const handle = await this.ensureHandle();
    if (removing.length > 0) {
      await this.applyOffer(
        await handle.message({ request: "unsubscribe", streams: removing.map((feed) => ({ feed })) }),
      );
    }
    if (adding.length > 0) {
      await this.applyOffer(
        await handle.message({ request: "subscribe", streams: adding.map((feed) => ({ feed })) }),
      );
    }
  }

  private async ensureHandle(): Promise<JanusHandle> {
    this.handle ??= await this.options.session.attach((event) => this.onEvent(event));
    return this.handle;
  }

  /** Janus changed the subscription by itself (a publisher left): it offers the new one. */
  private onEvent(event: PluginEvent): void {
    const { data } = event;
    if (data.videoroom === "hangup" || data.videoroom === "destroyed") {
      if (!this.closed)
        this.options.onFailed(`the media server ended the subscription (${String(data.videoroom)})`);
      return;
    }
    if (event.jsep || Array.isArray(data.streams)) this.enqueue(() => this.applyOffer(event));
  }

  /** Takes in the streams Janus lists, and answers its offer when there is one. */
  private async applyOffer({ data, jsep }: PluginEvent): Promise<void> {
    if (Array.isArray(data.streams)) this.streams = streamsOf(data.streams);
    this.subscribed = new Set(this.streams.map((s) => s.feedId));
    // A new offer can put the streams on other lines: every layer is asked for again.
    this.applied.clear();
    if (jsep?.type === "offer") {
      const pc = this.ensurePeerConnection();
      await pc.setRemoteDescription(jsep);
      await pc.setLocalDescription();
      if (!this.handle || !pc.localDescription) return;
      // Layers before "start": Janus then forwards the chosen layer from the first key frame, rather
      // than the top one until told, and a switch that waits seconds for another key frame. Never in
      // the way of the start: a layer Janus did not confirm is asked for again below.
      await this.applyLayers().catch(() => {});
      await this.handle.message({ request: "start" }, pc.localDescription);
    }
    this.reportTracks();
    await this.applyLayers();
  }

  private ensurePeerConnection(): RTCPeerConnection {
    if (this.pc) return this.pc;
    const { ice, certificates } = this.options;
    const pc = new RTCPeerConnection({ ...ice, ...(certificates && { certificates }) });
    pc.addEventListener("icecandidate", (event) => this.handle?.trickle(event.candidate));
    pc.addEventListener("connectionstatechange", () => {
      if (this.closed) return;
      this.options.onConnectionChange();
      if (pc.connectionState === "failed") this.options.onFailed("the media path failed");
    });
    this.stopConnectDeadline = watchConnectDeadline(pc, () => {
      if (!this.closed) this.options.onFailed("the media path did not connect in time");
    });
    this.pc = pc;
    return pc;
  }

  private reportTracks(): void {
    const byFeed = new Map<string, MediaStreamTrack[]>();
    const transceivers = this.pc?.getTransceivers() ?? [];
    for (const stream of this.streams) {
      const track = transceivers.find((t) => t.mid === stream.mid)?.receiver.track;
      if (!track) continue;
      byFeed.set(stream.feedId, [...(byFeed.get(stream.feedId) ?? []), track]);
    }
    this.options.onTracks(byFeed);
  }

  private async applyLayers(): Promise<void> {
    if (!this.handle || !this.joined) return;
    const changes: Record<string, unknown>[] = [];
    const asked = new Map<string, string>();
    for (const stream of this.streams) {
      if (stream.type !== "video") continue;
      const choice = this.layers.get(stream.feedId);
      if (choice === undefined) continue;
      const key = String(choice);
      if (this.applied.get(stream.mid) === key) continue;
      asked.set(stream.mid, key);
      changes.push(
        choice === "paused"
          ? { mid: stream.mid, send: false }
          : { mid: stream.mid, send: true, substream: choice },
      );
    }
    if (changes.length === 0) return;
    await this.handle.message({ request: "configure", streams: changes });
    // Recorded only once Janus has confirmed it: a request lost or refused (a busy Janus answering
    // too late) is asked again, or a tile shown again would stay paused at the SFU for good.
    for (const [mid, key] of asked) this.applied.set(mid, key);
  }
}

function streamsOf(value: unknown[]): StreamEntry[] {
  const entries: StreamEntry[] = [];
  for (const raw of value) {
    const stream = raw as { mid?: unknown; feed_id?: unknown; type?: unknown; active?: unknown };
    if (stream.active === false || typeof stream.feed_id !== "string" || typeof stream.mid !== "string")
      continue;
    entries.push({ mid: stream.mid, feedId: stream.feed_id, type: String(stream.type) });
  }
  return entries;
}
