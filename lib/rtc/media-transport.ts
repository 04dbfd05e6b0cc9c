/**
 * How media gets between the participants of a meeting. The rest of the app (the session, the store,
 * the UI) talks only to this interface; the full mesh (`Mesh`, one peer connection per other person)
 * is one implementation. A selective forwarding unit (Cloudflare Realtime through partytracks, or
 * LiveKit) would be another: it would publish the local tracks once, subscribe to each participant's,
 * and report them through the same callbacks. See docs/scaling.md.
 */
import type { LinkSignal, Participant, Visitor } from "../protocol";
import type { IceSetup, LinkStatus } from "./peer-link";

export interface MediaTransportOptions {
  /** Null while the join is on its way: the transport may prepare, as the newest participant. */
  self: Participant | null;
  ice: IceSetup;
  certificates?: RTCCertificate[];
  localStream: MediaStream | null;
  /** Sends a message to one participant through the room server (offers, answers, candidates). */
  sendSignal: (to: string, signal: LinkSignal) => void;
  onRemoteStream: (peerId: string, stream: MediaStream) => void;
  /**
   * A stream from a call connected ahead, not to be shown until media may flow (then it comes to
   * onRemoteStream), which the page may get a player ready for meanwhile.
   */
  onHeldStream?: (peerId: string, stream: MediaStream) => void;
  onRemoteScreen?: (peerId: string, stream: MediaStream | null) => void;
  onDataChannel?: (peerId: string, channel: RTCDataChannel) => void;
  /** `retryAt` (ms since the epoch): when the next attempt starts, while the call is not getting through. */
  onLinkStatus: (peerId: string, status: LinkStatus, retryAt: number | null) => void;
  onLinkError?: (peerId: string, error: unknown) => void;
}

export interface MediaTransport {
  readonly selfId: string | null;
  setSelf(self: Participant): void;
  /**
   * Who is in the meeting now: media to people who left stops, media to newcomers starts. Visitors
   * (people connecting from the pre-join screen) may call; nothing is sent to them until they are in.
   */
  syncRoster(participants: readonly Participant[], visitors?: readonly Visitor[]): void;
  handleSignal(from: string, signal: LinkSignal): void;
  /**
   * The person pressed "Join now": what they send may go out now, on calls connected ahead, rather
   * than once the server's answer is back, and what they receive is shown from now on (the others
   * send only once their roster has them in). Only a transport that connects ahead has anything to
   * do. True when every call is connected already: nothing is left to wait for but the media.
   */
  startSending?(): boolean;
  setIceConfig(ice: IceSetup): void;
  setLocalTrack(track: MediaStreamTrack, stream: MediaStream): Promise<void>;
  setScreen(stream: MediaStream | null): void;
  /**
   * How tall this page shows one participant's camera, in device pixels (0: not at all), so that no
   * more than that is sent to it. An SFU would pick the matching layer, or pause the subscription.
   */
  setView(peerId: string, maxHeight: number): void;
  /**
   * Whether this participant still shows the camera this transport sends them, as far as it can
   * tell: a move to another transport keeps this one until nobody does.
   */
  shownBy(peerId: string): boolean;
  /**
   * Calls `onShowable` once a stream this transport received has a decoded frame to show (4 s at
   * most): a tile moving to it from another transport's stream waits for that.
   */
  whenShowable(stream: MediaStream, onShowable: () => void): void;
  /** The signaling connection came back: whatever negotiation it cut off starts over. */
  recoverNegotiations(): void;
  /** A channel for data (files) to one participant, or null while there is no connection to them. */
  openDataChannel(peerId: string, label: string, init?: RTCDataChannelInit): RTCDataChannel | null;
  /** The statistics of the media with one participant, or null while there is no connection. */
  stats(peerId: string): Promise<RTCStatsReport | null>;
  /** The code two people read aloud to check their media is end-to-end encrypted between them. */
  safetyCode(peerId: string): Promise<string | null>;
  close(): void;
}
