/**
 * One RTCPeerConnection to one remote participant, negotiated with the "perfect negotiation" pattern:
 * both ends run this same code, the polite one yields on an offer collision and the impolite one
 * ignores the colliding offer, so renegotiation from either side converges without coordination.
 */
import type { SignalPayload } from "../protocol";
import { withOpusResilience } from "./opus";
import { applySendLimits, type SendLimits } from "./send-limits";

/**
 * What a person should be told about a link. "unreachable" comes from ICE failing, or from no
 * connection within `unreachableAfterMs`: with no usable candidate pair ICE can sit in "checking"
 * for ever, and an endless "Connecting..." is no answer. The link keeps trying either way.
 */
export type LinkStatus = "connecting" | "connected" | "reconnecting" | "unreachable" | "relay-refused";

/** Which ICE servers to use, and whether to go through TURN only. */
export interface IceSetup {
  iceServers: RTCIceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
}

export const UNREACHABLE_AFTER_MS = 15_000;
/** A path that has been "disconnected" this long is looked for again (an ICE restart). */
export const RESTART_AFTER_DISCONNECTED_MS = 2000;

export interface PeerLinkOptions {
  /** The later joiner of a pair is polite; the server's join order decides, so both ends agree. */
  polite: boolean;
  /** The other side's page load this link calls; another one means this link is dead. */
  peerInstance?: string;
  ice: IceSetup;
  /** Made ahead of time (see createCertificate), so the first offer does not wait for key generation. */
  certificates?: RTCCertificate[];
  localStream: MediaStream | null;
  /** A shared screen to send from the start, for links opened while sharing. */
  screenStream?: MediaStream | null;
  sendSignal: (payload: SignalPayload) => void;
  onRemoteStream: (stream: MediaStream) => void;
  /** The other side's shared screen, or null when they stop sharing. */
  onRemoteScreen?: (stream: MediaStream | null) => void;
  /** A data channel the other side opened (to send a file, say). */
  onDataChannel?: (channel: RTCDataChannel) => void;
  onStatusChange: (status: LinkStatus) => void;
  onError?: (error: unknown) => void;
  unreachableAfterMs?: number;
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
}

const MEDIA_KINDS = ["audio", "video"] as const;

/** One DTLS certificate per page, made while the person is still on the pre-join screen. */
export function createCertificate(): Promise<RTCCertificate> {
  return RTCPeerConnection.generateCertificate({ name: "ECDSA", namedCurve: "P-256" } as EcKeyGenParams);
}

/**
 * Which line carries what, without any extra message: each side's camera and microphone ride the first
 * audio and the first video transceiver (the dialer creates them first, the answerer reuses them), and
 * a shared screen always gets a transceiver of its own, added after them. So any other video line that
 * is receiving carries the other side's screen.
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  readonly remoteStream: MediaStream;
  private localStream: MediaStream | null;
  private ice: IceSetup;
  private sendLimits: SendLimits | null = null;
  /** How tall the other side shows our camera (0: not at all), as it last said; null until it does. */
  private remoteViewHeight: number | null = null;
  private limitsApplied: Promise<void> = Promise.resolve();
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
  private tracksAttached = false;
  private closed = false;
  private status: LinkStatus = "connecting";
  private unreachableTimer: ReturnType<typeof setTimeout> | undefined;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  /** Signals are applied one at a time, in arrival order: each step awaits the one before. */
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly options: PeerLinkOptions) {
    const create = options.createPeerConnection ?? ((config) => new RTCPeerConnection(config));
    this.ice = options.ice;
    this.pc = create({ ...options.ice, certificates: options.certificates });
    this.remoteStream = new MediaStream();
    this.localStream = options.localStream;
    this.screenStream = options.screenStream ?? null;
    this.pc.onnegotiationneeded = () => void this.offer();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) options.sendSignal({ kind: "candidate", candidate: candidate.toJSON() as IceCandidate });
    };
    this.pc.ontrack = ({ track, transceiver }) => {
      if (!this.carriesCamera(transceiver)) return;
      this.remoteStream.addTrack(track);
      options.onRemoteStream(this.remoteStream);
    };
    this.pc.ondatachannel = ({ channel }) => options.onDataChannel?.(channel);
    // A screen line's direction is settled only once its offer is answered.
    this.pc.onsignalingstatechange = () => {
      if (this.pc.signalingState === "stable") this.updateRemoteScreen();
    };
    this.pc.onconnectionstatechange = () => this.onConnectionStateChange();
    this.pc.oniceconnectionstatechange = () => {
      if (this.pc.iceConnectionState === "failed") this.pc.restartIce();
    };
    this.pc.onicecandidateerror = (event) => this.onCandidateError(event);
  }

  /** Limits on the camera video this link sends (the room's size decides), applied once negotiated. */
  setSendLimits(limits: SendLimits): void {
    this.sendLimits = limits;
    this.applySendLimits();
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
    this.limitsApplied = this.limitsApplied.then(async () => {
      const limits = this.sendLimits;
      // Encodings are settled once connected, which applies the limits; until then there is nothing
      // to set, and reading parameters (a blocking call) would only slow the call's set-up down.
      if (!limits || this.closed || this.pc.connectionState !== "connected") return;
      const senders = MEDIA_KINDS.map(
        (kind) => this.pc.getTransceivers().find((t) => t.receiver.track.kind === kind)?.sender,
      );
      const wanted = JSON.stringify([
        limits,
        this.remoteViewHeight,
        senders.map((sender) => sender?.track?.id),
      ]);
      if (wanted === this.limitsInPlace) return;
      let applied = true;
      for (const sender of senders) {
        if (!sender?.track) continue;
        await applySendLimits(sender, limits, this.remoteViewHeight).catch((error: unknown) => {
          applied = false;
          console.warn(`Couldn't limit the ${sender.track?.kind} sent:`, error);
        });
      }
      this.limitsInPlace = applied ? wanted : null;
    });
  }

  /**
   * New ICE servers or policy: fresh TURN credentials, or TURN given once we joined. A link that is
   * not connected yet looks again with them (an ICE restart); a connected one keeps its path.
   */
  setIceConfig(ice: IceSetup): void {
    const changed = !sameServers(this.ice, ice);
    this.ice = ice;
    if (this.closed) return;
    this.pc.setConfiguration({ ...this.pc.getConfiguration(), ...ice });
    if (changed && this.tracksAttached && this.pc.connectionState !== "connected") {
      this.relayRefused = false;
      this.pc.restartIce();
    }
  }

  /**
   * Starts the call from this side: sends local media, and asks to receive what this side lacks, so
   * that a participant without a camera or microphone still gets the other's.
   */
  start(): void {
    this.attachLocalTracks({ receiveMissingKinds: true }).catch((error) => this.fail(error));
  }

  /**
   * From now on, a link that does not connect within the deadline is reported unreachable. Separate
   * from construction because a link can be made ahead of time, before anyone can answer it.
   */
  armDeadline(): void {
    if (this.pc.connectionState !== "connected") this.startUnreachableTimer();
  }

  /**
   * Sends a different camera or microphone from now on. The track is swapped on the line that
   * already carries that kind (replaceTrack: no renegotiation, no gap for the other side); only a
   * side that had no such device until now needs its line turned to sending, which renegotiates.
   */
  async setLocalTrack(track: MediaStreamTrack, stream: MediaStream): Promise<void> {
    this.localStream = stream;
    // Not started yet: attaching the tracks will pick the new one up.
    if (!this.tracksAttached || this.closed) return;
    const line = this.pc.getTransceivers().find((t) => t.receiver.track.kind === track.kind);
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
    // Before the call's own tracks are in place, attaching them sends the screen too.
    if (this.tracksAttached && !this.closed) this.syncScreenSender();
  }

  /**
   * Opens a data channel to the other side. The first one adds a data line to the call, which
   * renegotiates by itself; later ones open on the existing association with no negotiation at all.
   */
  openChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel {
    return this.pc.createDataChannel(label, init);
  }

  get peerInstance(): string | undefined {
    return this.options.peerInstance;
  }

  /**
   * After the signaling connection dropped and came back, a negotiation in flight may have lost a
   * message for good: roll it back (what it was for is still pending, so it is offered again) and,
   * if the media path is not up, look for one afresh. Queued with the signals, so it cannot race them.
   */
  recoverNegotiation(): void {
    this.pending = this.pending
      .then(async () => {
        if (this.closed) return;
        if (this.pc.signalingState !== "stable") await this.pc.setLocalDescription({ type: "rollback" });
        if (this.pc.connectionState !== "connected") this.pc.restartIce();
      })
      .catch((error) => this.fail(error));
  }

  handleSignal(payload: SignalPayload): void {
    this.pending = this.pending.then(() => this.apply(payload)).catch((error) => this.fail(error));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.unreachableTimer);
    clearTimeout(this.restartTimer);
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
        clearTimeout(this.unreachableTimer);
        clearTimeout(this.restartTimer);
        this.unreachableTimer = undefined;
        // Encodings exist once negotiated: the room's limits can be set now.
        this.applySendLimits();
        return this.setStatus("connected");
      case "disconnected":
        this.startUnreachableTimer();
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
      if (!this.closed && (state === "disconnected" || state === "failed")) this.pc.restartIce();
    }, RESTART_AFTER_DISCONNECTED_MS);
  }

  private startUnreachableTimer(): void {
    if (this.unreachableTimer !== undefined) return;
    this.unreachableTimer = setTimeout(() => {
      this.unreachableTimer = undefined;
      if (this.closed || this.pc.connectionState === "connected") return;
      this.setStatus(this.relayRefused ? "relay-refused" : "unreachable");
      // A path that was lost may come back on new candidates (a VPN dropped, Wi-Fi roamed): look again,
      // quietly, every so often. Checks still in progress are left alone rather than reset.
      if (this.pc.connectionState === "disconnected" || this.pc.connectionState === "failed") {
        this.pc.restartIce();
      }
      this.startUnreachableTimer();
    }, this.options.unreachableAfterMs ?? UNREACHABLE_AFTER_MS);
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

  private async offer(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.sendDescription();
    } catch (error) {
      this.fail(error);
    } finally {
      this.makingOffer = false;
    }
  }

  private async apply(payload: SignalPayload): Promise<void> {
    if (this.closed) return;
    if (payload.kind === "view") {
      this.remoteViewHeight = payload.maxHeight;
      return this.applySendLimits();
    }
    if (payload.kind === "candidate") {
      try {
        await this.pc.addIceCandidate(payload.candidate);
      } catch (error) {
        // Expected, and harmless: candidates for an offer we chose to ignore, and candidates of an
        // offer the other side rolled back in a collision, which arrive after its new description.
        if (!this.ignoreOffer && !this.isStale(payload.candidate)) throw error;
      }
      return;
    }
    const { description } = payload;
    const readyForOffer =
      !this.makingOffer && (this.pc.signalingState === "stable" || this.settingRemoteAnswer);
    const offerCollision = description.type === "offer" && !readyForOffer;
    this.ignoreOffer = !this.options.polite && offerCollision;
    if (this.ignoreOffer) return;

    this.settingRemoteAnswer = description.type === "answer";
    try {
      await this.pc.setRemoteDescription({
        type: description.type,
        sdp: withOpusResilience(description.sdp),
      });
    } finally {
      this.settingRemoteAnswer = false;
    }
    if (description.type === "offer") {
      await this.attachLocalTracks({ receiveMissingKinds: false });
      await this.pc.setLocalDescription();
      this.sendDescription();
    }
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
  private async attachLocalTracks({ receiveMissingKinds }: { receiveMissingKinds: boolean }): Promise<void> {
    if (this.tracksAttached) return;
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
        replacements.push(offered.sender.replaceTrack(track));
      } else if (track && stream) {
        this.pc.addTrack(track, stream);
      } else if (receiveMissingKinds && !offered) {
        this.pc.addTransceiver(kind, { direction: "recvonly" });
      }
    }
    await Promise.all(replacements);
    this.syncScreenSender();
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

  private sendDescription(): void {
    const local = this.pc.localDescription;
    if (!local || (local.type !== "offer" && local.type !== "answer")) return;
    this.options.sendSignal({ kind: "description", description: { type: local.type, sdp: local.sdp } });
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
