/**
 * The full mesh: one PeerLink per other participant, created and closed as the roster changes.
 * The later joiner of each pair starts the call, so a newcomer dials everyone already present and
 * nobody dials twice.
 *
 * A mesh can start before its own participant is known (`self: null`): someone pressing "Join now"
 * is by definition later than everyone in the roster they see, so their offers can be made while
 * the join is still on its way, and reach the others right behind it.
 */
import type { Participant, SignalPayload } from "../protocol";
import { PeerLink, UNREACHABLE_AFTER_MS, type IceSetup, type PeerLinkOptions } from "./peer-link";
import type { MediaTransport, MediaTransportOptions } from "./media-transport";
import { safetyCodeOf } from "./safety-code";
import { sendLimitsFor } from "./send-limits";

export interface MeshOptions extends MediaTransportOptions {
  createPeerConnection?: PeerLinkOptions["createPeerConnection"];
  unreachableAfterMs?: number;
}

export class Mesh implements MediaTransport {
  private readonly links = new Map<string, PeerLink>();
  private readonly roster = new Map<string, Participant>();
  private self: Participant | null;
  private screen: MediaStream | null = null;
  private localStream: MediaStream | null;
  private ice: IceSetup;
  private sendLimits = sendLimitsFor(1);
  /** How tall this page shows each participant's camera, told to them whenever their link connects. */
  private readonly views = new Map<string, number>();
  /** Earlier joiners wait to be dialled; if no call comes within the deadline, they say so too. */
  private readonly awaitingCalls = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly options: MeshOptions) {
    this.self = options.self;
    this.localStream = options.localStream;
    this.ice = options.ice;
  }

  /** ICE servers changed (TURN credentials given or refreshed): every link, and later ones, use them. */
  setIceConfig(ice: IceSetup): void {
    this.ice = ice;
    for (const link of this.links.values()) link.setIceConfig(ice);
  }

  get selfId(): string | null {
    return this.self?.id ?? null;
  }

  /** The server has admitted us: from now on the roster includes us, in our place. */
  setSelf(self: Participant): void {
    this.self = self;
    for (const link of this.links.values()) link.armDeadline();
    for (const peer of this.roster.values()) this.awaitCallFrom(peer);
  }

  /** Sends a new camera or microphone track to everyone, and to whoever joins later. */
  setLocalTrack(track: MediaStreamTrack, stream: MediaStream): Promise<void> {
    this.localStream = stream;
    return Promise.all([...this.links.values()].map((link) => link.setLocalTrack(track, stream))).then(
      () => {},
    );
  }

  /** Shares a screen with everyone in the call (null stops), including people who join later. */
  setScreen(stream: MediaStream | null): void {
    this.screen = stream;
    for (const link of this.links.values()) link.setScreen(stream);
  }

  setView(peerId: string, maxHeight: number): void {
    if (this.views.get(peerId) === maxHeight) return;
    this.views.set(peerId, maxHeight);
    this.links.get(peerId)?.sendView(maxHeight);
  }

  get peerIds(): string[] {
    return [...this.links.keys()];
  }

  link(peerId: string): PeerLink | undefined {
    return this.links.get(peerId);
  }

  openDataChannel(peerId: string, label: string, init?: RTCDataChannelInit): RTCDataChannel | null {
    return this.links.get(peerId)?.openChannel(label, init) ?? null;
  }

  async stats(peerId: string): Promise<RTCStatsReport | null> {
    return (await this.links.get(peerId)?.pc.getStats()) ?? null;
  }

  async safetyCode(peerId: string): Promise<string | null> {
    const link = this.links.get(peerId);
    return link ? safetyCodeOf(link.pc) : null;
  }

  syncRoster(participants: readonly Participant[]): void {
    this.roster.clear();
    for (const participant of participants) {
      if (participant.id !== this.self?.id) this.roster.set(participant.id, participant);
    }
    for (const [peerId, link] of this.links) {
      const peer = this.roster.get(peerId);
      // Gone, or back from a new page load (a refresh): the old call is dead either way.
      if (
        !peer ||
        (peer.instance !== undefined &&
          link.peerInstance !== undefined &&
          peer.instance !== link.peerInstance)
      ) {
        link.close();
        this.links.delete(peerId);
      }
    }
    for (const [peerId, timer] of this.awaitingCalls) {
      if (!this.roster.has(peerId)) {
        clearTimeout(timer);
        this.awaitingCalls.delete(peerId);
      }
    }
    for (const peer of this.roster.values()) {
      if (this.links.has(peer.id)) continue;
      if (this.isLaterJoinerThan(peer)) this.open(peer).start();
      else this.awaitCallFrom(peer);
    }
    // Each of our video copies gets its share of the uplink, for the room as it now is.
    const limits = sendLimitsFor(this.roster.size + 1);
    if (JSON.stringify(limits) !== JSON.stringify(this.sendLimits)) {
      this.sendLimits = limits;
      for (const link of this.links.values()) link.setSendLimits(limits);
    }
  }

  /** The server only relays from members, but a signal can still race a roster change: drop those. */
  handleSignal(from: string, payload: SignalPayload): void {
    const peer = this.roster.get(from);
    if (!peer) return;
    const link = this.links.get(from);
    // Views are said again once the link connects; only call set-up opens one.
    if (payload.kind === "view" && !link) return;
    (link ?? this.open(peer)).handleSignal(payload);
  }

  /** After our signaling connection came back: negotiations cut off by the drop start over. */
  recoverNegotiations(): void {
    for (const link of this.links.values()) link.recoverNegotiation();
  }

  close(): void {
    for (const link of this.links.values()) link.close();
    this.links.clear();
    for (const timer of this.awaitingCalls.values()) clearTimeout(timer);
    this.awaitingCalls.clear();
    this.roster.clear();
  }

  private isLaterJoinerThan(peer: Participant): boolean {
    return this.self === null || this.self.joinOrder > peer.joinOrder;
  }

  private awaitCallFrom(peer: Participant): void {
    if (!this.self || this.links.has(peer.id) || this.awaitingCalls.has(peer.id)) return;
    const timer = setTimeout(() => {
      this.awaitingCalls.delete(peer.id);
      if (!this.links.has(peer.id)) this.options.onLinkStatus(peer.id, "unreachable");
    }, this.options.unreachableAfterMs ?? UNREACHABLE_AFTER_MS);
    this.awaitingCalls.set(peer.id, timer);
  }

  private open(peer: Participant): PeerLink {
    const { options } = this;
    clearTimeout(this.awaitingCalls.get(peer.id));
    this.awaitingCalls.delete(peer.id);
    const link = new PeerLink({
      peerInstance: peer.instance,
      polite: this.isLaterJoinerThan(peer),
      ice: this.ice,
      certificates: options.certificates,
      localStream: this.localStream,
      screenStream: this.screen,
      sendSignal: (payload) => options.sendSignal(peer.id, payload),
      onRemoteStream: (stream) => options.onRemoteStream(peer.id, stream),
      onRemoteScreen: (stream) => options.onRemoteScreen?.(peer.id, stream),
      onDataChannel: (channel) => options.onDataChannel?.(peer.id, channel),
      onStatusChange: (status) => {
        const view = this.views.get(peer.id);
        if (status === "connected" && view !== undefined) link.sendView(view);
        options.onLinkStatus(peer.id, status);
      },
      onError: (error) => options.onLinkError?.(peer.id, error),
      createPeerConnection: options.createPeerConnection,
      unreachableAfterMs: options.unreachableAfterMs,
    });
    this.links.set(peer.id, link);
    link.setSendLimits(this.sendLimits);
    if (this.self) link.armDeadline();
    return link;
  }
}
