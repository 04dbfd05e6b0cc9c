/**
 * The full mesh: one PeerLink per other participant, created and closed as the roster changes.
 * The later joiner of each pair dials, so a newcomer dials everyone already present and nobody dials
 * twice.
 *
 * A mesh can start before its own participant is known (`self: null`): someone pressing "Join now"
 * is by definition later than everyone in the roster they see, so their offers can be made while
 * the join is still on its way, and reach the others right behind it. In an open meeting they can go
 * out earlier still, from the pre-join screen (see party/visitors.ts): the calls connect then, and
 * each side holds its media until the newcomer is in (`maySend`), so that "Join now" only has the
 * first frames flow.
 *
 * Nothing waits for ever. Every pair has a deadline while it is not connected: past it, the dialer
 * tears its peer connection down and dials again with a new one, and the other side asks it to (a
 * reset), each deadline longer than the one before. The deadline counts from the call's last step
 * (see `onLinkProgress`), so a slow call that is getting there is not cut off and begun again.
 *
 * Every signal names the two peer connections it is between, so one meant for a connection since
 * replaced (by a reload, a redial) is never applied to another: its receiver answers with a reset, and
 * the pair starts afresh.
 */
import type { LinkSignal, Participant, SignalPayload, Visitor } from "../protocol";
import { createLinkId, PeerLink, type IceSetup, type LinkStatus, type PeerLinkOptions } from "./peer-link";
import type { MediaTransport, MediaTransportOptions } from "./media-transport";
import { safetyCodeOf } from "./safety-code";
import { sendLimitsFor } from "./send-limits";
import { HeldVideo } from "./held-video";
import { decodedOn, whenFlowing } from "./media-flow";

/**
 * How long a pair may take to connect (or to come back after losing its path) before it is dialled
 * afresh: the first wait, then twice as long each time up to four times, so that a slow machine (a
 * busy laptop) gets there too rather than being cut off and redialled for ever.
 */
export const CONNECT_DEADLINE_MS = 12_000;
const MAX_DEADLINE_FACTOR = 4;
/**
 * Each step a call takes gives it its whole deadline again, but never more than this many deadlines
 * from when the clock started: a call that creeps along for good is still begun afresh.
 */
const MAX_DEADLINE_STRETCH = 2;
/**
 * The person called waits a little longer than the caller: the caller is the one to give up and call
 * again (a new call the other side's running deadline takes in), and both are told at about the same
 * time. The called side's own reset is for a caller that has stopped calling.
 */
const CALLED_SIDE_GRACE = 1.25;
/** After a broken negotiation, the pause before dialling again, doubling with each one in a row. */
const REDIAL_PAUSE_MS = 500;
/**
 * After this page's signaling connection came back, how long a call it waits for may take to arrive
 * before the caller is asked for it again: what the server held for it comes with the roster, at once.
 */
export const LOST_CALL_WAIT_MS = 500;

export interface MeshOptions extends MediaTransportOptions {
  createPeerConnection?: PeerLinkOptions["createPeerConnection"];
  linkIdPrefix?: string;
  connectDeadlineMs?: number;
  answerTimeoutsMs?: PeerLinkOptions["answerTimeoutsMs"];
}

/** What the mesh needs of the other side: who, in which order they joined, from which page load. */
type Peer = Pick<Participant, "id" | "joinOrder" | "instance">;

/**
 * A visitor has not joined, so comes after everyone here: they call, this side answers. Their real
 * place, given at their join, is after everyone then present too.
 */
const visitorPeer = ({ id, instance }: Visitor): Peer => ({
  id,
  instance,
  joinOrder: Number.MAX_SAFE_INTEGER,
});

/** This side's call with one other participant, across the peer connections it goes through. */
interface Pair {
  peer: Peer;
  /** In the meeting (the roster has them), not only connecting from their pre-join screen. */
  admitted: boolean;
  /** Their camera and microphone's stream, kept from the page until media may flow (see `maySend`). */
  heldStream: MediaStream | null;
  link: PeerLink | null;
  /** Fresh starts since it was last connected: each one waits longer before the next. */
  attempts: number;
  /** Past a deadline since last connected: the person is told, with the time of the next try. */
  overdue: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  timerAt: number | null;
  /** The latest a running deadline can be pushed to by the call's progress. */
  deadlineCap: number;
  /**
   * The connection the running deadline was set for (null: none, waiting for a call). One that has
   * replaced it since is the dialer trying again: the wait goes on, it does not start over.
   */
  deadlineLink: PeerLink | null;
  /** The timer is a pause before dialling again: more reasons to dial again change nothing. */
  redialPending: boolean;
  /** The other side's connection this side last answered with a reset: one reset each is enough. */
  lastReset: string | null;
}

export class Mesh implements MediaTransport {
  private readonly pairs = new Map<string, Pair>();
  private self: Participant | null;
  private screen: MediaStream | null = null;
  private localStream: MediaStream | null;
  private ice: IceSetup;
  private sendLimits = sendLimitsFor(1);
  /** How tall this page shows each participant's camera, told to them whenever their link connects. */
  private readonly views = new Map<string, number>();
  /** "Join now" was pressed: this side's media goes out before its own join is confirmed. */
  private sending: boolean;
  /** Shared by every held link: one black picture can go on many lines. */
  private readonly heldVideo = new HeldVideo(() => this.localStream?.getVideoTracks()[0] ?? null);
  private lostCallsTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: MeshOptions) {
    this.self = options.self;
    this.sending = options.self !== null;
    this.localStream = options.localStream;
    this.ice = options.ice;
  }

  /** ICE servers changed (TURN credentials given or refreshed): every link, and later ones, use them. */
  setIceConfig(ice: IceSetup): void {
    this.ice = ice;
    for (const link of this.links()) link.setIceConfig(ice);
  }

  get selfId(): string | null {
    return this.self?.id ?? null;
  }

  /** The server has admitted us: from now on the roster includes us, in our place, and time counts. */
  setSelf(self: Participant): void {
    this.self = self;
    this.sending = true;
    for (const pair of this.pairs.values()) {
      if (!pair.link?.connected) this.armDeadline(pair);
      this.allowMedia(pair);
    }
  }

  startSending(): boolean {
    this.sending = true;
    const pairs = [...this.pairs.values()];
    for (const pair of pairs) this.allowMedia(pair);
    return pairs.length > 0 && pairs.every((pair) => pair.link?.connected);
  }

  /** Sends a new camera or microphone track to everyone, and to whoever joins later. */
  setLocalTrack(track: MediaStreamTrack, stream: MediaStream): Promise<void> {
    this.localStream = stream;
    return Promise.all(this.links().map((link) => link.setLocalTrack(track, stream))).then(() => {});
  }

  /** Shares a screen with everyone in the call (null stops), including people who join later. */
  setScreen(stream: MediaStream | null): void {
    this.screen = stream;
    for (const link of this.links()) link.setScreen(stream);
  }

  setView(peerId: string, maxHeight: number): void {
    if (this.views.get(peerId) === maxHeight) return;
    this.views.set(peerId, maxHeight);
    this.link(peerId)?.sendView(maxHeight);
  }

  shownBy(peerId: string): boolean {
    return this.link(peerId)?.cameraShownRemotely ?? false;
  }

  whenShowable(stream: MediaStream, onShowable: () => void): void {
    const connections = () => this.links().map((link) => link.pc);
    whenFlowing(stream, onShowable, { decoded: (track) => decodedOn(connections(), track) });
  }

  /**
   * This side wants a connection with this person now (to send them a file), whichever of the two
   * would dial: one that would wait calls instead. Should both call at once, the polite side yields.
   */
  connect(peerId: string): void {
    const pair = this.pairs.get(peerId);
    if (pair && !pair.link) this.dial(pair);
  }

  /** Who this side has a peer connection with now. */
  get peerIds(): string[] {
    return [...this.pairs.values()].flatMap((pair) => (pair.link && pair.admitted ? [pair.peer.id] : []));
  }

  link(peerId: string): PeerLink | undefined {
    return this.pairs.get(peerId)?.link ?? undefined;
  }

  openDataChannel(peerId: string, label: string, init?: RTCDataChannelInit): RTCDataChannel | null {
    return this.link(peerId)?.openChannel(label, init) ?? null;
  }

  async stats(peerId: string): Promise<RTCStatsReport | null> {
    return (await this.link(peerId)?.pc.getStats()) ?? null;
  }

  async safetyCode(peerId: string): Promise<string | null> {
    const link = this.link(peerId);
    return link ? safetyCodeOf(link.pc) : null;
  }

  syncRoster(participants: readonly Participant[], visitors: readonly Visitor[] = []): void {
    const roster = new Map(participants.filter((p) => p.id !== this.self?.id).map((p) => [p.id, p]));
    const visiting = new Set(visitors.map((visitor) => visitor.id));
    for (const [peerId, pair] of this.pairs) {
      const peer = roster.get(peerId);
      if (!peer && !pair.admitted && visiting.has(peerId)) continue;
      if (!peer) {
        this.closePair(pair);
        this.pairs.delete(peerId);
      } else if (peer.instance !== undefined && pair.peer.instance !== peer.instance) {
        // Back from a new page load (a refresh): the old call is dead; start this pair afresh.
        pair.peer = peer;
        pair.attempts = 0;
        pair.overdue = false;
        this.startOver(pair);
      } else {
        pair.peer = peer;
        if (!pair.admitted) this.admit(pair);
      }
    }
    for (const visitor of visitors) {
      // Only someone already in the meeting answers a visitor's call, and only from a member's page.
      if (!this.self || visitor.id === this.self.id || this.pairs.has(visitor.id) || roster.has(visitor.id))
        continue;
      this.pairs.set(visitor.id, this.newPair(visitorPeer(visitor), false));
    }
    for (const peer of roster.values()) {
      if (this.pairs.has(peer.id)) continue;
      const pair = this.newPair(peer, true);
      this.pairs.set(peer.id, pair);
      this.startOver(pair);
    }
    // Each of our video copies gets its share of the uplink, for the room as it now is.
    const limits = sendLimitsFor(roster.size + 1);
    if (JSON.stringify(limits) !== JSON.stringify(this.sendLimits)) {
      this.sendLimits = limits;
      for (const link of this.links()) link.setSendLimits(limits);
    }
  }

  private newPair(peer: Peer, admitted: boolean): Pair {
    return {
      peer,
      admitted,
      heldStream: null,
      link: null,
      attempts: 0,
      overdue: false,
      timer: undefined,
      timerAt: null,
      deadlineCap: 0,
      deadlineLink: null,
      redialPending: false,
      lastReset: null,
    };
  }

  /** A visitor whose call this side answered has joined: the call counts now, and media flows. */
  private admit(pair: Pair): void {
    pair.admitted = true;
    if (!pair.link?.connected) this.armDeadline(pair);
    this.report(pair, pair.link?.connected ? "connected" : "connecting");
    this.allowMedia(pair);
  }

  /**
   * Media flows only between two people in the meeting: not to or from someone still on their
   * pre-join screen. This page sends, and shows what it receives, from the moment its person pressed
   * "Join now" (see `startSending`), before its own join is confirmed: the other side sends nothing
   * until its roster has this page in, so the call screen's first render can take in the other
   * side's stream, and need no second one for it.
   */
  private maySend(pair: Pair): boolean {
    return this.sending && pair.admitted;
  }

  private releaseMedia(pair: Pair): void {
    const link = pair.link;
    link
      ?.releaseMedia()
      .then(() => this.stopHeldVideoIfUnused())
      .catch((error: unknown) => this.onLinkError(pair, link, error));
  }

  /** The black picture is drawn only while some call is held: none is once everyone is in. */
  private stopHeldVideoIfUnused(): void {
    if (!this.links().some((link) => link.holdsMedia)) this.heldVideo.stop();
  }

  private allowMedia(pair: Pair): void {
    if (!this.maySend(pair)) return;
    this.releaseMedia(pair);
    const stream = pair.heldStream;
    pair.heldStream = null;
    if (stream) this.options.onRemoteStream(pair.peer.id, stream);
  }

  /**
   * The server relays only from members, but a signal can still race a roster change: those from
   * people this side does not know (yet, or any more) are left, and their own retries carry the call.
   */
  handleSignal(from: string, { fromLink, toLink, payload }: LinkSignal): void {
    const pair = this.pairs.get(from);
    if (!pair) return;
    if (payload.kind === "reset") return this.onReset(pair, toLink);
    const current = pair.link;
    if (toLink !== undefined && toLink !== current?.id) {
      // Meant for a peer connection this side no longer has: never applied to another one.
      if (payload.kind !== "view") this.sendReset(pair, fromLink);
      return;
    }
    if (current && current.remoteId !== null && current.remoteId !== fromLink) {
      // The other side started afresh (a reload, a redial): so does this side, on a new connection.
      this.closeLink(pair);
    }
    const link = pair.link ?? this.answerCall(pair, fromLink, payload);
    if (!link) return;
    link.remoteId ??= fromLink;
    link.handleSignal(payload);
  }

  /**
   * After our signaling connection came back: negotiations cut off by the drop start over, and calls
   * to this side lost with it are asked for again. A connection can die without the server knowing
   * for a while, and whatever it sent into it then is gone: the offer of someone who joined meanwhile
   * (in the roster that follows) would otherwise wait for its caller's own retry, seconds later.
   */
  recoverNegotiations(): void {
    for (const link of this.links()) link.recoverNegotiation();
    clearTimeout(this.lostCallsTimer);
    this.lostCallsTimer = setTimeout(() => this.askForLostCalls(), LOST_CALL_WAIT_MS);
  }

  /** Each caller whose call this side is still waiting for is asked to call again, now. */
  private askForLostCalls(): void {
    for (const pair of this.pairs.values()) {
      if (!pair.link && !this.isDialer(pair.peer)) this.sendReset(pair, undefined);
    }
  }

  close(): void {
    clearTimeout(this.lostCallsTimer);
    for (const pair of this.pairs.values()) this.closePair(pair);
    this.pairs.clear();
  }

  private links(): PeerLink[] {
    return [...this.pairs.values()].flatMap((pair) => (pair.link ? [pair.link] : []));
  }

  private isDialer(peer: Peer): boolean {
    return this.self === null || this.self.joinOrder > peer.joinOrder;
  }

  /** A new call for the pair: the dialer dials now, the other side waits for the call, both on a clock. */
  private startOver(pair: Pair): void {
    this.closeLink(pair);
    if (this.isDialer(pair.peer)) this.dial(pair);
    else this.armDeadline(pair);
    this.report(pair, pair.overdue ? "unreachable" : "connecting");
  }

  private dial(pair: Pair): void {
    this.closeLink(pair);
    const link = this.open(pair);
    link.start();
    this.armDeadline(pair);
  }

  /**
   * Only an offer starts a call; anything else for a call this side does not have is answered with a
   * reset. A first call has its own full deadline to connect, whenever it came; the dialer calling
   * again (its own deadline ran out, or the connection broke) keeps the one running, so that both
   * sides tell their person at about the same time that the call is not getting through.
   */
  private answerCall(pair: Pair, fromLink: string, payload: SignalPayload): PeerLink | null {
    if (payload.kind === "description" && payload.description.type === "offer") {
      const callingAgain = pair.deadlineLink !== null && pair.timer !== undefined && !pair.redialPending;
      const link = this.open(pair);
      if (!callingAgain) this.armDeadline(pair);
      return link;
    }
    if (payload.kind !== "view") this.sendReset(pair, fromLink);
    return null;
  }

  /**
   * The other side has no peer connection by the name we used (`toLink`), or asks for a fresh start
   * (no name): if it is our current one, it is dead. The dialer dials again, after a pause if this
   * keeps happening; the other side drops its own and waits for that call.
   */
  private onReset(pair: Pair, toLink: string | undefined): void {
    if (toLink !== undefined && pair.link && toLink !== pair.link.id) return;
    if (!this.isDialer(pair.peer)) {
      this.closeLink(pair);
      this.armDeadline(pair);
      return;
    }
    this.redialAfterPause(pair);
  }

  private redialAfterPause(pair: Pair): void {
    this.closeLink(pair);
    if (pair.redialPending) return;
    const pause = pair.attempts === 0 ? 0 : REDIAL_PAUSE_MS * 2 ** Math.min(pair.attempts - 1, 4);
    pair.attempts += 1;
    if (pause === 0) return this.dial(pair);
    this.setTimer(pair, pause, () => this.dial(pair));
    pair.redialPending = true;
  }

  /**
   * The pair's clock: past it, with no connection, the pair starts afresh (see `expire`). A call from
   * a visitor has none: they are not waited for, and their own page's clock starts at their join.
   */
  private armDeadline(pair: Pair): void {
    if (!this.self || !pair.admitted) return;
    const wait = this.deadlineWait(pair);
    this.setTimer(pair, wait, () => this.expire(pair));
    pair.deadlineCap = Date.now() + wait * MAX_DEADLINE_STRETCH;
    pair.deadlineLink = pair.link;
  }

  private deadlineWait(pair: Pair): number {
    const base = this.options.connectDeadlineMs ?? CONNECT_DEADLINE_MS;
    const side = this.isDialer(pair.peer) ? 1 : CALLED_SIDE_GRACE;
    return base * side * Math.min(2 ** pair.attempts, MAX_DEADLINE_FACTOR);
  }

  /**
   * The call took a step (see PeerLink's onProgress): its deadline starts again from now, within its
   * cap. On a busy machine the person called can take most of a deadline to answer, and the caller
   * cutting the call off just as it was about to connect would only start the wait all over.
   */
  private onLinkProgress(pair: Pair, link: PeerLink): void {
    // Only the call the clock runs for: a new call replacing it keeps the running wait (answerCall).
    if (link !== pair.link || link !== pair.deadlineLink || link.connected || pair.redialPending) return;
    if (pair.timer === undefined) return;
    const until = Math.min(Date.now() + this.deadlineWait(pair), pair.deadlineCap);
    if (pair.timerAt === null || until <= pair.timerAt) return;
    this.setTimer(pair, until - Date.now(), () => this.expire(pair));
    // Someone already told the call is not getting through is told when it will be tried again.
    if (pair.overdue) this.report(pair, this.overdueStatus(pair));
  }

  private overdueStatus(pair: Pair): LinkStatus {
    return pair.link?.refusedByRelay ? "relay-refused" : "unreachable";
  }

  private expire(pair: Pair): void {
    if (pair.link?.connected) return;
    const status = this.overdueStatus(pair);
    pair.attempts += 1;
    pair.overdue = true;
    if (this.isDialer(pair.peer)) {
      this.dial(pair);
    } else {
      // The call never came, or never connected: ask the dialer to try again, and keep waiting. A
      // call that replaced the one this deadline was for is that new try already: it is left to run.
      if (!pair.link || pair.link === pair.deadlineLink)
        this.sendReset(pair, pair.link?.remoteId ?? undefined);
      this.armDeadline(pair);
    }
    this.report(pair, status);
  }

  private setTimer(pair: Pair, wait: number, then: () => void): void {
    clearTimeout(pair.timer);
    pair.redialPending = false;
    pair.timerAt = Date.now() + wait;
    pair.timer = setTimeout(() => {
      pair.timer = undefined;
      pair.timerAt = null;
      pair.redialPending = false;
      then();
    }, wait);
  }

  private clearTimer(pair: Pair): void {
    clearTimeout(pair.timer);
    pair.redialPending = false;
    pair.timer = undefined;
    pair.timerAt = null;
  }

  private sendReset(pair: Pair, toLink: string | undefined): void {
    // A connection's every candidate would be refused alike: its first refusal says it all.
    if (toLink !== undefined && toLink === pair.lastReset) return;
    pair.lastReset = toLink ?? null;
    this.options.sendSignal(pair.peer.id, {
      // With no connection of our own, a name that matches none (but says which kind of link it is):
      // the other side only needs `toLink`.
      fromLink: pair.link?.id ?? (this.options.linkIdPrefix ?? "") + createLinkId(),
      ...(toLink !== undefined && { toLink }),
      payload: { kind: "reset" },
    });
  }

  private closeLink(pair: Pair): void {
    pair.link?.close();
    pair.link = null;
  }

  private closePair(pair: Pair): void {
    this.clearTimer(pair);
    this.closeLink(pair);
    this.stopHeldVideoIfUnused();
  }

  private onLinkStatus(pair: Pair, link: PeerLink, status: LinkStatus): void {
    if (pair.link !== link) return;
    if (status === "connected") {
      pair.attempts = 0;
      pair.overdue = false;
      this.clearTimer(pair);
      const view = this.views.get(pair.peer.id);
      if (view !== undefined) link.sendView(view);
    } else if (pair.timer === undefined) {
      // The path was lost (or ICE failed): it has until the deadline to come back on its own.
      this.armDeadline(pair);
    }
    const overdue = pair.overdue && status === "connecting";
    this.report(pair, overdue ? "unreachable" : status);
  }

  /** A broken negotiation: this connection is done. Both sides start afresh, the dialer after a pause. */
  private onLinkError(pair: Pair, link: PeerLink, error: unknown): void {
    if (pair.link !== link) return;
    this.options.onLinkError?.(pair.peer.id, error);
    this.sendReset(pair, link.remoteId ?? undefined);
    if (this.isDialer(pair.peer)) {
      this.redialAfterPause(pair);
    } else {
      this.closeLink(pair);
      this.armDeadline(pair);
    }
  }

  private report(pair: Pair, status: LinkStatus): void {
    // Nobody is told about a call with someone not in the meeting.
    if (!pair.admitted) return;
    const trying = status === "unreachable" || status === "relay-refused";
    this.options.onLinkStatus(pair.peer.id, status, trying ? pair.timerAt : null);
  }

  private open(pair: Pair): PeerLink {
    const { options } = this;
    const peer = pair.peer;
    const link: PeerLink = new PeerLink({
      polite: this.isDialer(peer),
      ice: this.ice,
      certificates: options.certificates,
      localStream: this.localStream,
      screenStream: this.screen,
      sendSignal: (payload) =>
        options.sendSignal(peer.id, {
          fromLink: link.id,
          ...(link.remoteId !== null && { toLink: link.remoteId }),
          payload,
        }),
      holdMedia: !this.maySend(pair),
      heldVideo: () => this.heldVideo.track(),
      onRemoteStream: (stream) => {
        if (this.maySend(pair)) return options.onRemoteStream(peer.id, stream);
        pair.heldStream = stream;
        options.onHeldStream?.(peer.id, stream);
      },
      onRemoteScreen: (stream) => options.onRemoteScreen?.(peer.id, stream),
      onDataChannel: (channel) => {
        // Files go between people in the meeting only.
        if (this.maySend(pair)) options.onDataChannel?.(peer.id, channel);
        else channel.close();
      },
      onStatusChange: (status) => this.onLinkStatus(pair, link, status),
      onProgress: () => this.onLinkProgress(pair, link),
      onError: (error) => this.onLinkError(pair, link, error),
      createPeerConnection: options.createPeerConnection,
      answerTimeoutsMs: options.answerTimeoutsMs,
      linkIdPrefix: options.linkIdPrefix,
    });
    pair.link = link;
    link.setSendLimits(this.sendLimits);
    return link;
  }
}
