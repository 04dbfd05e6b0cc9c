/**
 * One RTCPeerConnection to one remote participant, negotiated with the "perfect negotiation" pattern:
 * both ends run this same code, the polite one yields on an offer collision and the impolite one
 * ignores the colliding offer, so renegotiation from either side converges without coordination.
 */
import type { SignalPayload } from "../protocol";
import { randomId } from "../random-id";
import { withOpusResilience } from "./opus";
import { withVideoStartBitrate } from "./start-bitrate";
import { applySendLimits, videoEncodingFor, type SendLimits } from "./send-limits";

/**
 * What a person should be told about a link. "unreachable" comes from ICE failing, or (from the mesh)
 * from no connection within its deadline: with no usable candidate pair ICE can sit in "checking" for
 * ever, and an endless "Connecting..." is no answer. The mesh keeps trying either way.
 */
export type LinkStatus = "connecting" | "connected" | "reconnecting" | "unreachable" | "relay-refused";

/** Which ICE servers to use, and whether to go through TURN only. */
export interface IceSetup {
  iceServers: RTCIceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
}

/** A path that has been "disconnected" this long is looked for again (an ICE restart). */
export const RESTART_AFTER_DISCONNECTED_MS = 2000;
/**
 * An offer with no answer this long is sent again, each wait twice the one before: the offer or its
 * answer may have been lost with a socket. Past the last, the connection is given up (see onError)
 * and the pair starts afresh on a new one.
 */
export const ANSWER_TIMEOUTS_MS = [3000, 6000, 12_000];
/** How long a released call's video goes out small (see FIRST_FRAMES_SCALE_DOWN) before full size. */
export const FIRST_FRAMES_MS = 1000;

/** A fresh name for one peer connection (see linkIdSchema). */
export const createLinkId = () => randomId(12);

export interface PeerLinkOptions {
  /** The later joiner of a pair is polite; the server's join order decides, so both ends agree. */
  polite: boolean;
  ice: IceSetup;
  /** Made ahead of time (see certificate.ts), so the first offer does not wait for key generation. */
  certificates?: RTCCertificate[];
  localStream: MediaStream | null;
  /** A shared screen to send from the start, for links opened while sharing. */
  screenStream?: MediaStream | null;
  /**
   * Connect, but send nothing until `releaseMedia`: a call made from the pre-join screen, or with
   * someone still on theirs. The lines are set up to send (so releasing needs no negotiation), with
   * none of this side's tracks on them, so not a picture or a sound of the person leaves before.
   */
  holdMedia?: boolean;
  /** What a held video line sends meanwhile: black frames that set the encoders up (held-video.ts). */
  heldVideo?: () => MediaStreamTrack | null;
  sendSignal: (payload: SignalPayload) => void;
  onRemoteStream: (stream: MediaStream) => void;
  /** The other side's shared screen, or null when they stop sharing. */
  onRemoteScreen?: (stream: MediaStream | null) => void;
  /** A data channel the other side opened (to send a file, say). */
  onDataChannel?: (channel: RTCDataChannel) => void;
  onStatusChange: (status: LinkStatus) => void;
  /**
   * The call took a step towards connecting: the other side's description arrived or was answered,
   * or ICE began checking or found a path. A busy machine takes its time; this says it is not stuck.
   */
  onProgress?: () => void;
  /** Negotiation broke (a description refused, a track that could not be attached): start afresh. */
  onError?: (error: unknown) => void;
  answerTimeoutsMs?: readonly number[];
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
  /** Starts the link's id, so that the signals of one kind of link can be told from another's. */
  linkIdPrefix?: string;
}

const MEDIA_KINDS = ["audio", "video"] as const;

/** The other side's description, with what our encoders should do set in it (see each setting). */
const tunedForSending = (sdp: string) => withVideoStartBitrate(withOpusResilience(sdp));

/**
 * Which line carries what, without any extra message: each side's camera and microphone ride the first
 * audio and the first video transceiver (the dialer creates them first, the answerer reuses them), and
 * a shared screen always gets a transceiver of its own, added after them. So any other video line that
 * is receiving carries the other side's screen.
 */
export class PeerLink {
  /** This peer connection's name in signals; the other side's is `remoteId`, once it has said it. */
  readonly id: string;
  remoteId: string | null = null;
  readonly pc: RTCPeerConnection;
  readonly remoteStream: MediaStream;
  private localStream: MediaStream | null;
  private ice: IceSetup;
  /** The ICE setup the peer connection was last given (see setIceConfig). */
  private iceInPlace: IceSetup;
  private sendLimits: SendLimits | null = null;
  /** How tall the other side shows our camera (0: not at all), as it last said; null until it does. */
  private remoteViewHeight: number | null = null;
  /** Changes to the senders (limits, held frames), one at a time: setParameters rejects overlapping calls. */
  private senderUpdates: Promise<void> = Promise.resolve();
  /** What the last successful application was for: the same again needs no blocking calls. */
  private limitsInPlace: string | null = null;
  /** A TURN server turned our credentials down: said instead of a vaguer "unreachable". */
  private relayRefused = false;
  private screenStream: MediaStream | null;
  private screenTransceiver: RTCRtpTransceiver | null = null;
  private remoteScreen: { transceiver: RTCRtpTransceiver; stream: MediaStream } | null = null;
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  /** Numbers this side's offers; the one awaiting an answer, and the remote offer being answered. */
  private offerSeq = 0;
  private remoteOfferSeq = 0;
  private answerTimer: ReturnType<typeof setTimeout> | undefined;
  /** How often the offer now out was sent again for want of an answer: the next wait is longer. */
  private unansweredOffers = 0;
  private tracksAttached = false;
  private mediaHeld: boolean;
  /** A held call's video goes out small until a moment after its release: its first frames come sooner. */
  private firstFrames: boolean;
  private firstFramesTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * An offer is being answered: news of the other side's stream waits until the answer is out, so that
   * drawing its tile (a render on this page's only thread) does not hold the answer up; the tile still
   * has the stream long before the first frame can arrive. While an answer is applied, it waits until
   * all of the answer's tracks are in, and is told once.
   */
  private answering = false;
  private remoteStreamNews = false;
  private closed = false;
  private status: LinkStatus = "connecting";
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly earlyCandidates: IceCandidate[] = [];
  /** Signals are applied one at a time, in arrival order: each step awaits the one before. */
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly options: PeerLinkOptions) {
    this.id = (options.linkIdPrefix ?? "") + createLinkId();
    const create = options.createPeerConnection ?? ((config) => new RTCPeerConnection(config));
    this.ice = options.ice;
    this.iceInPlace = options.ice;
    this.pc = create({ ...options.ice, certificates: options.certificates });
    this.remoteStream = new MediaStream();
    this.localStream = options.localStream;
    this.screenStream = options.screenStream ?? null;
    this.mediaHeld = options.holdMedia ?? false;
    this.firstFrames = this.mediaHeld;
    this.pc.onnegotiationneeded = () => void this.offer();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) options.sendSignal({ kind: "candidate", candidate: candidate.toJSON() as IceCandidate });
    };
    this.pc.ontrack = ({ track, transceiver }) => {
      if (!this.carriesCamera(transceiver)) return;
      this.remoteStream.addTrack(track);
      if (this.answering || this.settingRemoteAnswer) this.remoteStreamNews = true;
      else options.onRemoteStream(this.remoteStream);
    };
    this.pc.ondatachannel = ({ channel }) => options.onDataChannel?.(channel);
    // A screen line's direction is settled only once its offer is answered.
    this.pc.onsignalingstatechange = () => {
      const state = this.pc.signalingState;
      if (state === "stable") this.updateRemoteScreen();
      // Only our own offer going out says nothing about the other side.
      if (state !== "have-local-offer" && state !== "closed") options.onProgress?.();
    };
    this.pc.onconnectionstatechange = () => this.onConnectionStateChange();
    this.pc.oniceconnectionstatechange = () => {
      const state = this.pc.iceConnectionState;
      if (state === "failed") this.restartIce();
      if (state === "checking" || state === "connected") options.onProgress?.();
    };
    this.pc.onicecandidateerror = (event) => this.onCandidateError(event);
  }

  /** Limits on the camera video this link sends (the room's size decides), applied once negotiated. */
  setSendLimits(limits: SendLimits): void {
    this.sendLimits = limits;
    this.applySendLimits();
  }

  /** Whether the other side shows our camera: connected, and it has not said it shows it at height 0. */
  get cameraShownRemotely(): boolean {
    return this.pc.connectionState === "connected" && this.remoteViewHeight !== 0;
  }

  /** Tells the other side how tall we show its camera, so it sends no more than that (0: pause it). */
  sendView(maxHeight: number): void {
    if (!this.closed) this.options.sendSignal({ kind: "view", maxHeight });
  }

  /**
   * One at a time: setParameters rejects a call made while another is in flight. A limit that cannot
   * be set leaves the call as it is (full rate), which is worth a warning, not a broken link.
   */
  private applySendLimits(): void {
    this.updateSenders(async () => {
      const limits = this.sendLimits;
      // Encodings are settled once connected, which applies the limits; until then there is nothing
      // to set, and reading parameters (a blocking call) would only slow the call's set-up down.
      if (!limits || this.closed || this.pc.connectionState !== "connected") return;
      // Held lines too (black frames on them, the camera's size): set now, a line's release is only the
      // camera swapped in, with no encoder reconfigured under the call's first frames.
      const trackHeight = this.localStream?.getVideoTracks()[0]?.getSettings().height;
      const lines = MEDIA_KINDS.flatMap((kind) => {
        const sender = this.lineOf(kind)?.sender;
        return sender ? [{ sender, kind, trackHeight: kind === "video" ? trackHeight : undefined }] : [];
      });
      // What the lines would be set to, not what it is worked out from: a view reported at a new
      // size that changes nothing sent (a tile as tall as the camera or taller) reads no parameters,
      // each read a blocking call, which came as the call's first frames did.
      const firstFrames = this.firstFrames;
      const wanted = JSON.stringify(
        videoEncodingFor(limits, this.remoteViewHeight, trackHeight, firstFrames),
      );
      if (wanted === this.limitsInPlace) return;
      let applied = true;
      for (const line of lines) {
        await applySendLimits(line, limits, this.remoteViewHeight, firstFrames).catch((error: unknown) => {
          applied = false;
          console.warn(`Couldn't limit the ${line.kind} sent:`, error);
        });
      }
      this.limitsInPlace = applied ? wanted : null;
    });
  }

  /**
   * Queues a change to the senders after the ones before it. One that fails is reported and the
   * chain goes on: a rejected chain would skip every later change, and the call would keep the
   * limits it had for good (the room's size, the receivers' views, its first frames' half size).
   */
  private updateSenders(step: () => Promise<void>): void {
    this.senderUpdates = this.senderUpdates
      .then(step)
      .catch((error: unknown) => console.warn("Couldn't update what the call sends:", error));
  }

  /**
   * New ICE servers or policy: fresh TURN credentials, or TURN given once we joined. A link that is
   * not connected yet looks again with them (an ICE restart); a connected one keeps its path.
   */
  setIceConfig(ice: IceSetup): void {
    const changed = !sameServers(this.ice, ice);
    this.ice = ice;
    // A connected link gathers nothing until it looks for a path again, and takes the servers then:
    // setting them is a blocking call, and TURN comes with the join, as the call's first frames do.
    if (this.closed || this.pc.connectionState === "connected") return;
    this.configureIce();
    if (changed && this.tracksAttached) {
      this.relayRefused = false;
      this.pc.restartIce();
    }
  }

  /** Gives the peer connection the latest ICE setup, before anything that gathers candidates. */
  private configureIce(): void {
    if (this.iceInPlace === this.ice || this.closed) return;
    this.iceInPlace = this.ice;
    this.pc.setConfiguration({ ...this.pc.getConfiguration(), ...this.ice });
  }

  private restartIce(): void {
    this.configureIce();
    this.pc.restartIce();
  }

  /**
   * Starts the call from this side: sends local media, and asks to receive what this side lacks, so
   * that a participant without a camera or microphone still gets the other's.
   */
  start(): void {
    this.attachLocalTracks({ receiveMissingKinds: true })
      .then(({ swapped }) => swapped)
      .catch((error) => this.fail(error));
  }

  /**
   * Sends a different camera or microphone from now on. The track is swapped on the line that
   * already carries that kind (replaceTrack: no renegotiation, no gap for the other side); only a
   * side that had no such device until now needs its line turned to sending, which renegotiates.
   */
  async setLocalTrack(track: MediaStreamTrack, stream: MediaStream): Promise<void> {
    this.localStream = stream;
    // Not started yet, or held: attaching or releasing the tracks will pick the new one up.
    if (!this.tracksAttached || this.mediaHeld || this.closed) return;
    const line = this.lineOf(track.kind);
    if (!line) {
      this.pc.addTrack(track, stream);
      return;
    }
    if (line.direction === "recvonly" || line.direction === "inactive") line.direction = "sendrecv";
    await line.sender.replaceTrack(track);
    this.applySendLimits();
  }

  /** Starts, replaces or (with null) stops sending a shared screen; the change renegotiates by itself. */
  setScreen(stream: MediaStream | null): void {
    this.screenStream = stream;
    // Before the call's own tracks are in place, attaching (or releasing) them sends the screen too.
    if (this.tracksAttached && !this.mediaHeld && !this.closed) this.syncScreenSender();
  }

  /**
   * The media held so far goes out now, on the lines already negotiated: swapping a track in needs
   * no offer and no answer, so the first frames follow at once.
   */
  async releaseMedia(): Promise<void> {
    if (!this.mediaHeld) return;
    this.mediaHeld = false;
    if (this.closed) return;
    this.firstFramesTimer = setTimeout(() => {
      this.firstFrames = false;
      this.applySendLimits();
    }, FIRST_FRAMES_MS);
    if (!this.tracksAttached) return;
    const stream = this.localStream;
    const tracks = stream?.getTracks().filter((track) => track.readyState === "live") ?? [];
    this.syncScreenSender();
    await Promise.all(tracks.map((track) => stream && this.setLocalTrack(track, stream)));
    // No camera to take the held frames' place (it was lost meanwhile): they must not go on.
    const video = this.lineOf("video");
    if (video?.sender.track && !tracks.some((track) => track.kind === "video")) {
      await video.sender.replaceTrack(null);
    }
  }

  /** The line that carries this kind of the call's own media: the first (a shared screen comes later). */
  private lineOf(kind: string): RTCRtpTransceiver | undefined {
    return this.pc.getTransceivers().find((t) => t.receiver.track.kind === kind);
  }

  /**
   * Opens a data channel to the other side. The first one adds a data line to the call, which
   * renegotiates by itself; later ones open on the existing association with no negotiation at all.
   */
  openChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel {
    return this.pc.createDataChannel(label, init);
  }

  /**
   * After the signaling connection dropped and came back, a negotiation in flight may have lost a
   * message for good: an offer still out is sent again and, if the media path is not up, one is looked
   * for afresh. Queued with the signals, so it cannot race them.
   */
  recoverNegotiation(): void {
    this.pending = this.pending
      .then(() => {
        if (this.closed) return;
        if (this.pc.signalingState === "have-local-offer") this.resendOffer();
        if (this.pc.connectionState !== "connected") this.restartIce();
      })
      .catch((error) => this.fail(error));
  }

  handleSignal(payload: SignalPayload): void {
    // Known at once, not after the negotiation ahead of it: a move to the SFU asks for it.
    if (payload.kind === "view") this.remoteViewHeight = payload.maxHeight;
    this.pending = this.pending.then(() => this.apply(payload)).catch((error) => this.fail(error));
  }

  /** Still held: media goes out only once released. */
  get holdsMedia(): boolean {
    return this.mediaHeld && !this.closed;
  }

  get connected(): boolean {
    return this.pc.connectionState === "connected";
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.answerTimer);
    clearTimeout(this.restartTimer);
    clearTimeout(this.firstFramesTimer);
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.ondatachannel = null;
    this.pc.onsignalingstatechange = null;
    this.pc.onconnectionstatechange = null;
    this.pc.oniceconnectionstatechange = null;
    this.pc.onicecandidateerror = null;
    this.pc.close();
  }

  private onConnectionStateChange(): void {
    switch (this.pc.connectionState) {
      case "connected":
        clearTimeout(this.restartTimer);
        // Encodings exist once negotiated: the room's limits can be set now.
        this.applySendLimits();
        if (this.mediaHeld) this.sendHeldVideo();
        return this.setStatus("connected");
      case "disconnected":
        // Either side may look for a path again now: with the servers given while connected.
        this.configureIce();
        this.scheduleRestart();
        return this.setStatus("reconnecting");
      case "failed":
        return this.setStatus(this.relayRefused ? "relay-refused" : "unreachable");
      default:
        return;
    }
  }

  /**
   * A blip often heals by itself; a path still down after a couple of seconds is searched for again.
   * The polite side (the one that placed the call) does it, so the two do not restart over each other.
   */
  private scheduleRestart(): void {
    clearTimeout(this.restartTimer);
    if (!this.options.polite) return;
    this.restartTimer = setTimeout(() => {
      const state = this.pc.connectionState;
      if (!this.closed && (state === "disconnected" || state === "failed")) this.restartIce();
    }, RESTART_AFTER_DISCONNECTED_MS);
  }

  /** Whether a TURN server turned this side's credentials down, which says more than "unreachable". */
  get refusedByRelay(): boolean {
    return this.relayRefused;
  }

  /** 401: the TURN server does not accept the credentials (wrong secret, or expired). */
  private onCandidateError(event: RTCPeerConnectionIceErrorEvent): void {
    if (event.errorCode !== 401 || !/^turns?:/.test(event.url ?? "")) return;
    this.relayRefused = true;
    // Through TURN only, there is no other way to reach anyone: say so now, not at the deadline.
    if (this.ice.iceTransportPolicy === "relay" && this.pc.connectionState !== "connected") {
      this.setStatus("relay-refused");
    }
  }

  private setStatus(status: LinkStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatusChange(status);
  }

  /**
   * Offers what this side has to change. One at a time: a second call while an offer is being made,
   * or is out waiting for its answer, has nothing to add (the answer timeout offers again if needed).
   */
  private async offer(): Promise<void> {
    if (this.closed || this.makingOffer || this.pc.signalingState !== "stable") return;
    try {
      this.makingOffer = true;
      await this.setAndSendLocalDescription();
    } catch (error) {
      this.fail(error);
    } finally {
      this.makingOffer = false;
    }
  }

  /**
   * The offer or its answer may be lost (with a socket that dropped): the same offer goes again, and an
   * answer to either copy completes it. Sent again, not rolled back and made anew: the other side may
   * have applied it already, and a new offer after a rollback can order its lines differently from
   * what that side holds, which it refuses. A side that never answers at all is given up on.
   */
  private awaitAnswer(): void {
    clearTimeout(this.answerTimer);
    const waits = this.options.answerTimeoutsMs ?? ANSWER_TIMEOUTS_MS;
    const seq = this.offerSeq;
    this.answerTimer = setTimeout(() => {
      this.pending = this.pending
        .then(() => {
          if (this.closed || seq !== this.offerSeq || this.pc.signalingState !== "have-local-offer") return;
          this.unansweredOffers += 1;
          if (this.unansweredOffers >= waits.length) throw new Error("The other side never answered.");
          this.resendOffer();
        })
        .catch((error) => this.fail(error));
    }, waits[this.unansweredOffers] ?? 0);
  }

  private resendOffer(): void {
    const local = this.pc.localDescription;
    if (local?.type !== "offer") return;
    this.sendDescription("offer", local.sdp, this.offerSeq);
    this.awaitAnswer();
  }

  private async apply(payload: SignalPayload): Promise<void> {
    if (this.closed) return;
    if (payload.kind === "view") return this.applySendLimits();
    if (payload.kind === "candidate") {
      // Ahead of the description they belong to (its answer was lost and is coming again): kept.
      if (!this.pc.remoteDescription) this.earlyCandidates.push(payload.candidate);
      else await this.addCandidate(payload.candidate);
      return;
    }
    if (payload.kind === "reset") return;
    const { description, seq } = payload;
    if (description.type === "answer") return this.applyAnswer(description.sdp, seq);
    const readyForOffer =
      !this.makingOffer && (this.pc.signalingState === "stable" || this.settingRemoteAnswer);
    const offerCollision = description.type === "offer" && !readyForOffer;
    this.ignoreOffer = !this.options.polite && offerCollision;
    if (this.ignoreOffer) return;

    // Our own offer, if any, is rolled back by this one (the polite side yields): it waits no more.
    clearTimeout(this.answerTimer);
    this.remoteOfferSeq = seq;
    this.answering = true;
    try {
      // An offer may restart ICE, which gathers afresh.
      this.configureIce();
      await this.pc.setRemoteDescription({ type: "offer", sdp: tunedForSending(description.sdp) });
      await this.addEarlyCandidates();
      // The answer does not wait for the tracks to be swapped in: it says only which lines send,
      // which is settled already, and media cannot flow before it is applied anyway.
      const { swapped } = await this.attachLocalTracks({ receiveMissingKinds: false });
      swapped.catch(() => {});
      await this.setAndSendLocalDescription();
      await swapped;
    } finally {
      this.answering = false;
      this.reportHeldRemoteStream();
    }
    // What the yielded offer was for is still to be sent: offer it again now that we are stable.
    if (offerCollision) await this.offer();
  }

  private reportHeldRemoteStream(): void {
    if (!this.remoteStreamNews) return;
    this.remoteStreamNews = false;
    if (!this.closed) this.options.onRemoteStream(this.remoteStream);
  }

  /**
   * Only an answer to the offer now out is applied (to either copy of it, if it was sent again). Any
   * other is late: its offer was yielded in a collision, and another made since.
   */
  private async applyAnswer(sdp: string, seq: number): Promise<void> {
    if (seq !== this.offerSeq || this.pc.signalingState !== "have-local-offer") return;
    clearTimeout(this.answerTimer);
    this.settingRemoteAnswer = true;
    try {
      await this.pc.setRemoteDescription({ type: "answer", sdp: tunedForSending(sdp) });
    } finally {
      this.settingRemoteAnswer = false;
      // One report for all the answer's tracks, not a render for each.
      this.reportHeldRemoteStream();
    }
    await this.addEarlyCandidates();
  }

  private async addCandidate(candidate: IceCandidate): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      // Expected, and harmless: candidates for an offer we chose to ignore, and candidates of an
      // offer the other side rolled back in a collision, which arrive after its new description.
      if (!this.ignoreOffer && !this.isStale(candidate)) throw error;
    }
  }

  /** Candidates that came before any remote description, applied once there is one. */
  private async addEarlyCandidates(): Promise<void> {
    for (const candidate of this.earlyCandidates.splice(0)) await this.addCandidate(candidate);
  }

  private isStale(candidate: IceCandidate): boolean {
    const ufrag = candidate.usernameFragment;
    const remote = this.pc.remoteDescription?.sdp;
    return Boolean(ufrag && remote && !remote.includes(`a=ice-ufrag:${ufrag}`));
  }

  /**
   * Puts local tracks on the transceivers the remote offer created when there are some, so that one
   * audio and one video line carry media both ways instead of each side adding its own.
   */
  private async attachLocalTracks({
    receiveMissingKinds,
  }: {
    receiveMissingKinds: boolean;
  }): Promise<{ swapped: Promise<void> }> {
    if (this.tracksAttached) return { swapped: Promise.resolve() };
    this.tracksAttached = true;
    const stream = this.localStream;
    const replacements: Promise<void>[] = [];
    for (const kind of MEDIA_KINDS) {
      const track = stream?.getTracks().find((t) => t.kind === kind && t.readyState === "live");
      const offered = this.pc
        .getTransceivers()
        .find((t) => t.receiver.track.kind === kind && !t.sender.track && t.direction !== "stopped");
      if (track && stream && offered) {
        offered.direction = "sendrecv";
        offered.sender.setStreams(stream);
        if (!this.mediaHeld) replacements.push(offered.sender.replaceTrack(track));
      } else if (track && stream && this.mediaHeld) {
        this.pc.addTransceiver(kind, { direction: "sendrecv", streams: [stream] });
      } else if (track && stream) {
        this.pc.addTrack(track, stream);
      } else if (receiveMissingKinds && !offered) {
        this.pc.addTransceiver(kind, { direction: "recvonly" });
      }
    }
    if (!this.mediaHeld) this.syncScreenSender();
    // Separate from the lines being set up (done when this resolves): swapping a track in is a round
    // trip to the media thread, which an answer need not wait for.
    return { swapped: Promise.all(replacements).then(() => {}) };
  }

  /**
   * A held video line gets the black frames as soon as it connects. An encoder sets itself up on the
   * first frame it is given and drops that frame, as it has no bitrate yet: a camera swapped in on a
   * line that never had a frame lost its first one, a whole camera frame (50 ms at 20 a second) under
   * the call's first frames, even with "Join now" pressed the moment the call connected (Chromium's
   * trace: EncoderPaused). With a black frame ahead, the camera's first frame is encoded as it comes.
   * After the room's limits, so that the encoder is set up once, as it will send the camera.
   */
  private sendHeldVideo(): void {
    this.updateSenders(async () => {
      const line = this.lineOf("video");
      const camera = this.localStream?.getVideoTracks().some((track) => track.readyState === "live");
      if (!this.mediaHeld || this.closed || !camera || !line || line.sender.track) return;
      const held = this.options.heldVideo?.();
      // Asked for here, in order with the camera's own swap should the join come meanwhile.
      // Without them the call only starts a little slower: nothing to report.
      if (held) await line.sender.replaceTrack(held).catch(() => {});
    });
  }

  private syncScreenSender(): void {
    const track = this.screenStream?.getVideoTracks()[0] ?? null;
    if (this.screenTransceiver?.sender.track === track) return;
    // Stopped rather than emptied, so the other side sees the screen end, not a frozen last frame.
    this.screenTransceiver?.stop();
    this.screenTransceiver = null;
    if (track && this.screenStream) {
      this.screenTransceiver = this.pc.addTransceiver(track, {
        direction: "sendonly",
        streams: [this.screenStream],
      });
    }
  }

  private carriesCamera(transceiver: RTCRtpTransceiver): boolean {
    const kind = transceiver.receiver.track.kind;
    return this.pc.getTransceivers().find((t) => t.receiver.track.kind === kind) === transceiver;
  }

  private updateRemoteScreen(): void {
    const screen = this.pc
      .getTransceivers()
      .find(
        (t) =>
          t.receiver.track.kind === "video" &&
          !this.carriesCamera(t) &&
          (t.currentDirection === "recvonly" || t.currentDirection === "sendrecv"),
      );
    if (screen === this.remoteScreen?.transceiver) return;
    this.remoteScreen = screen
      ? { transceiver: screen, stream: new MediaStream([screen.receiver.track]) }
      : null;
    this.options.onRemoteScreen?.(this.remoteScreen?.stream ?? null);
  }

  /**
   * Argument-less setLocalDescription makes an answer or an offer depending on the state when it runs,
   * not when it is called (an offer of ours may queue behind a remote offer and turn into its answer):
   * so what to send, and under which number, is read from what it made.
   */
  private async setAndSendLocalDescription(): Promise<void> {
    await this.pc.setLocalDescription();
    const local = this.pc.localDescription;
    if (local?.type === "answer") return this.sendDescription("answer", local.sdp, this.remoteOfferSeq);
    if (local?.type !== "offer") return;
    this.offerSeq += 1;
    this.unansweredOffers = 0;
    this.sendDescription("offer", local.sdp, this.offerSeq);
    this.awaitAnswer();
  }

  private sendDescription(type: "offer" | "answer", sdp: string, seq: number): void {
    this.options.sendSignal({ kind: "description", description: { type, sdp }, seq });
  }

  private fail(error: unknown): void {
    if (!this.closed) this.options.onError?.(error);
  }
}

/** Same servers and policy, credentials aside: fresh credentials alone need no new search. */
function sameServers(a: IceSetup, b: IceSetup): boolean {
  const urls = (setup: IceSetup) => JSON.stringify(setup.iceServers.map((server) => server.urls));
  return a.iceTransportPolicy === b.iceTransportPolicy && urls(a) === urls(b);
}

type IceCandidate = Extract<SignalPayload, { kind: "candidate" }>["candidate"];
