/**
 * The media of a large meeting, through the SFU (a Janus VideoRoom): this page publishes its camera
 * (in simulcast) and any shared screen once, and receives everyone else's on one subscriber
 * connection. Which feed belongs to whom comes from the room server's roster, never from Janus, so a
 * participant cannot pass a stream off as someone else's. When Janus or the path to it goes away,
 * the page publishes and subscribes again by itself, with a growing pause, showing the last frames
 * meanwhile.
 */
import type { LinkSignal, Participant, ServerMessage } from "../protocol";
import { randomId } from "../random-id";
import { JanusPublisher } from "./janus/publisher";
import { JanusError, JanusSession } from "./janus/session";
import { JanusSubscriber, type LayerChoice } from "./janus/subscriber";
import { isDataSignal } from "./data-links";
import { DataMesh } from "./data-mesh";
import { whenFlowing } from "./media-flow";
import type { MediaTransport, MediaTransportOptions } from "./media-transport";
import type { IceSetup, LinkStatus } from "./peer-link";

export type SfuAccess = Omit<Extract<ServerMessage, { type: "sfu" }>, "type">;

export interface PublishedFeeds {
  camera: string | null;
  screen: string | null;
}

export interface SfuTransportOptions extends MediaTransportOptions {
  access: SfuAccess;
  /** Tells the room server what this page publishes now, for the others' rosters. */
  publishFeeds: (feeds: PublishedFeeds) => void;
  /** Janus says the meeting's room does not exist (it restarted): the room server makes another. */
  onRoomMissing: (room: string) => void;
}

/** Makes a page's way into the SFU, as the session holds it: a transport it can give new access to. */
export type SfuTransportFactory = (
  options: SfuTransportOptions,
) => MediaTransport & { setAccess(access: SfuAccess): void };

/** Janus VideoRoom's error for a room it does not have. */
const NO_SUCH_ROOM = 426;

/** Pauses before connecting again after a failure: quick at first, then every 10 s. */
const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 10_000];

/**
 * The simulcast layer for a tile this tall (device pixels), or none for a tile not on screen. Layers
 * are a quarter, half and all of a 720p camera (180, 360, 720 lines), or half and all of a smaller one
 * (240, 480 for 480p); Janus sends the highest there is when asked for more.
 */
export function layerFor(maxHeight: number): LayerChoice {
  if (maxHeight === 0) return "paused";
  if (maxHeight <= 270) return 0;
  if (maxHeight <= 540) return 1;
  return 2;
}

export class SfuTransport implements MediaTransport {
  private self: Participant | null;
  private access: SfuAccess;
  private ice: IceSetup;
  private localStream: MediaStream | null;
  private screen: MediaStream | null = null;
  private roster: readonly Participant[] = [];
  private session: JanusSession | null = null;
  private camera: JanusPublisher | null = null;
  private screenPublisher: JanusPublisher | null = null;
  private subscriber: JanusSubscriber | null = null;
  /** Feeds Janus says are publishing: only those can be subscribed to. */
  private readonly published = new Set<string>();
  /** What each feed's tracks are shown in, kept while the tracks stay the same. */
  private readonly shown = new Map<string, MediaStream>();
  /** Streams waiting for their first media before their tile takes them up. */
  private readonly pending = new Map<string, MediaStream>();
  /** Whose shared screen is on this page now. */
  private readonly screensShown = new Set<string>();
  /** Feeds whose tracks the subscription carries. */
  private received = new Set<string>();
  private readonly views = new Map<string, number>();
  private readonly statuses = new Map<string, LinkStatus>();
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped on every (re)connection, so what an abandoned one finishes is ignored. */
  private generation = 0;
  private closed = false;
  /** Files go directly between two people, on connections of their own made when needed. */
  private readonly files: DataMesh;

  constructor(private readonly options: SfuTransportOptions) {
    this.self = options.self;
    this.access = options.access;
    this.ice = options.ice;
    this.localStream = options.localStream;
    this.files = new DataMesh(options);
    void this.connect();
  }

  get selfId(): string | null {
    return this.self?.id ?? null;
  }

  setSelf(self: Participant): void {
    this.self = self;
    this.files.setSelf(self);
  }

  /** A fresh token (before the old one expires) or a new pin (after a removal). */
  setAccess(access: SfuAccess): void {
    const moved = access.room !== this.access.room;
    this.access = access;
    this.session?.setToken(access.token);
    // A new room (the old one was lost): publish and subscribe there, now.
    if (moved && !this.closed) this.restart(0);
  }

  syncRoster(participants: readonly Participant[]): void {
    this.roster = participants;
    this.files.syncRoster(participants);
    const present = new Set(participants.map((p) => p.id));
    for (const peerId of [...this.statuses.keys()]) if (!present.has(peerId)) this.statuses.delete(peerId);
    this.follow();
  }

  /** Signals are for peer connections between browsers: on the SFU, only those that carry files. */
  handleSignal(from: string, signal: LinkSignal): void {
    if (isDataSignal(signal)) this.files.handleSignal(from, signal);
  }

  setIceConfig(ice: IceSetup): void {
    this.ice = ice;
    this.files.setIceConfig(ice);
  }

  async setLocalTrack(track: MediaStreamTrack, stream: MediaStream): Promise<void> {
    const hadStream = this.localStream !== null;
    this.localStream = stream;
    if (this.camera?.sending) await this.camera.replaceTrack(track);
    // A page that had no camera or microphone starts publishing with its first.
    else if (!hadStream && this.session) this.restart(0);
  }

  setScreen(stream: MediaStream | null): void {
    if (stream === this.screen) return;
    this.screen = stream;
    this.screenPublisher?.close();
    this.screenPublisher = null;
    this.announceFeeds();
    if (stream && this.session) void this.publishScreen(this.generation);
  }

  setView(peerId: string, maxHeight: number): void {
    this.views.set(peerId, maxHeight);
    const feed = this.participant(peerId)?.feeds?.camera;
    if (feed) this.subscriber?.setLayer(feed, layerFor(maxHeight));
  }

  /** Unknown here; a move off the SFU ends once the mesh reaches everyone, both ways at once. */
  shownBy(): boolean {
    return false;
  }

  whenShowable(stream: MediaStream, onShowable: () => void): void {
    whenFlowing(stream, onShowable, {
      decoded: (track) => this.subscriber?.hasDecoded(track) ?? Promise.resolve(true),
    });
  }

  recoverNegotiations(): void {
    this.files.recoverNegotiations();
    // What was said while the signaling connection was down was lost with it.
    this.announceFeeds();
  }

  openDataChannel(peerId: string, label: string, init?: RTCDataChannelInit): RTCDataChannel | null {
    return this.files.openDataChannel(peerId, label, init);
  }

  async stats(peerId: string): Promise<RTCStatsReport | null> {
    const feed = this.participant(peerId)?.feeds?.camera;
    return feed && this.subscriber ? this.subscriber.stats(feed) : null;
  }

  /** Media through the SFU is decrypted there: there is no end-to-end code to compare. */
  safetyCode(): Promise<string | null> {
    return Promise.resolve(null);
  }

  close(): void {
    this.closed = true;
    this.files.close();
    clearTimeout(this.retryTimer);
    this.teardown();
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    const self = this.self;
    if (!self || this.closed) return;
    try {
      const session = await JanusSession.open({
        url: this.access.url,
        token: this.access.token,
        onClosed: (reason) => this.fail(generation, reason),
      });
      if (generation !== this.generation) return session.close();
      this.session = session;
      this.subscriber = new JanusSubscriber({
        session,
        room: this.access.room,
        pin: this.access.pin,
        ice: this.ice,
        certificates: this.options.certificates,
        onTracks: (tracks) => this.showTracks(tracks),
        onFailed: (reason) => this.fail(generation, reason),
        onConnectionChange: () => this.reportStatuses(),
      });
      for (const [peerId, maxHeight] of this.views) this.setView(peerId, maxHeight);
      await this.publishCamera(generation, session);
      if (this.screen) await this.publishScreen(generation);
      this.attempt = 0;
    } catch (error) {
      this.fail(generation, error);
    }
  }

  private async publishCamera(generation: number, session: JanusSession): Promise<void> {
    const self = this.self;
    if (!self) return;
    // Without a camera or microphone, the page joins the room as a publisher all the same: that
    // is how it hears who publishes.
    const stream = this.localStream ?? new MediaStream();
    const publisher = await JanusPublisher.start({
      session,
      room: this.access.room,
      pin: this.access.pin,
      feedId: `${self.id}~${randomId(9)}`,
      stream,
      ice: this.ice,
      certificates: this.options.certificates,
      onPublished: (feeds) => {
        for (const feed of feeds) this.published.add(feed.id);
        this.follow();
      },
      onUnpublished: (feedId) => {
        this.published.delete(feedId);
        this.follow();
      },
      onFailed: (reason) => this.fail(generation, reason),
    });
    if (generation !== this.generation) return publisher.close();
    this.camera = publisher;
    this.announceFeeds();
  }

  private async publishScreen(generation: number): Promise<void> {
    const { session, self, screen } = this;
    if (!session || !self || !screen) return;
    try {
      const publisher = await JanusPublisher.start({
        session,
        room: this.access.room,
        pin: this.access.pin,
        feedId: `${self.id}~${randomId(9)}`,
        stream: screen,
        ice: this.ice,
        certificates: this.options.certificates,
        onFailed: (reason) => this.fail(generation, reason),
      });
      if (generation !== this.generation || this.screen !== screen) return publisher.close();
      this.screenPublisher = publisher;
      this.announceFeeds();
    } catch (error) {
      this.fail(generation, error);
    }
  }

  /**
   * Says what this page publishes here. Not before its camera's publisher is in the room: a screen
   * shared meanwhile would otherwise announce "nothing", and the others would take that as arrived
   * and let go of this page's mesh picture while nothing of it is on the SFU yet.
   */
  private announceFeeds(): void {
    if (this.closed || !this.camera) return;
    this.options.publishFeeds({
      camera: this.camera?.sending ? this.camera.feedId : null,
      screen: this.screenPublisher?.feedId ?? null,
    });
  }

  /** Subscribes to every feed the roster lists that Janus has, and to no other. */
  private follow(): void {
    const wanted: string[] = [];
    for (const participant of this.roster) {
      if (participant.id === this.self?.id) continue;
      for (const feed of [participant.feeds?.camera, participant.feeds?.screen]) {
        if (feed && this.published.has(feed)) wanted.push(feed);
      }
      const camera = participant.feeds?.camera;
      const view = this.views.get(participant.id);
      if (camera && view !== undefined) this.subscriber?.setLayer(camera, layerFor(view));
    }
    this.subscriber?.follow(wanted);
    this.reportStatuses();
  }

  private showTracks(byFeed: Map<string, MediaStreamTrack[]>): void {
    this.received = new Set(byFeed.keys());
    for (const feed of [...this.shown.keys()]) if (!byFeed.has(feed)) this.shown.delete(feed);
    for (const participant of this.roster) {
      const { camera, screen } = participant.feeds ?? {};
      const cameraTracks = camera ? byFeed.get(camera) : undefined;
      if (camera && cameraTracks) {
        this.show(camera, cameraTracks, (stream) => this.options.onRemoteStream(participant.id, stream));
      }
      const screenTracks = screen ? byFeed.get(screen) : undefined;
      if (screen && screenTracks) {
        this.show(screen, screenTracks, (stream) => this.options.onRemoteScreen?.(participant.id, stream));
        this.screensShown.add(participant.id);
      } else if (this.screensShown.delete(participant.id)) {
        this.options.onRemoteScreen?.(participant.id, null);
      }
    }
    this.reportStatuses();
  }

  /**
   * Hands a feed's tracks to its tile once media flows in them: a tile switched to a stream that has
   * nothing yet would go black until it does, while the stream it had (over the mesh, or before a
   * reconnection) still plays. A new MediaStream only when the tracks changed, so a tile keeps
   * playing through other changes.
   */
  private show(feed: string, tracks: MediaStreamTrack[], onReady: (stream: MediaStream) => void): void {
    const current = this.pending.get(feed) ?? this.shown.get(feed);
    const same =
      current &&
      current.getTracks().length === tracks.length &&
      tracks.every((t) => current.getTrackById(t.id));
    if (same) return;
    const stream = new MediaStream(tracks);
    this.pending.set(feed, stream);
    const ready = () => {
      if (this.pending.get(feed) !== stream) return;
      this.pending.delete(feed);
      this.shown.set(feed, stream);
      onReady(stream);
      this.reportStatuses();
    };
    this.whenShowable(stream, ready);
  }

  /**
   * Connected to someone once what they publish arrives; someone who publishes nothing, once they
   * say so. Until someone has said what they publish here (no `feeds`: they are still on their way
   * to the SFU), nothing of theirs has arrived: a move from the mesh keeps their mesh media till then.
   */
  private reportStatuses(): void {
    const up = this.session !== null && this.subscriber !== null;
    for (const participant of this.roster) {
      if (participant.id === this.self?.id) continue;
      const { feeds } = participant;
      const arrived = !feeds
        ? false
        : feeds.camera
          ? this.received.has(feeds.camera) &&
            this.shown.has(feeds.camera) &&
            this.subscriber?.connected === true
          : true;
      const waiting: LinkStatus = this.attempt > 0 ? "reconnecting" : "connecting";
      const status: LinkStatus = up && arrived ? "connected" : waiting;
      if (this.statuses.get(participant.id) === status) continue;
      this.statuses.set(participant.id, status);
      this.options.onLinkStatus(participant.id, status, null);
    }
  }

  private fail(generation: number, reason: unknown): void {
    if (generation !== this.generation || this.closed) return;
    if (reason instanceof JanusError && reason.code === NO_SUCH_ROOM)
      this.options.onRoomMissing(this.access.room);
    const said = reason instanceof Error ? reason.message : String(reason);
    console.warn(`The media server connection broke (${said}); connecting again.`);
    this.restart(RETRY_DELAYS_MS[Math.min(this.attempt, RETRY_DELAYS_MS.length - 1)] ?? 10_000);
  }

  private restart(delayMs: number): void {
    this.generation++;
    this.teardown();
    this.attempt++;
    this.reportStatuses();
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delayMs);
  }

  private teardown(): void {
    this.camera?.close();
    this.screenPublisher?.close();
    this.subscriber?.close();
    this.session?.close();
    this.camera = this.screenPublisher = null;
    this.subscriber = null;
    this.session = null;
    this.published.clear();
    this.received.clear();
    this.pending.clear();
  }

  private participant(peerId: string): Participant | undefined {
    return this.roster.find((p) => p.id === peerId);
  }
}
