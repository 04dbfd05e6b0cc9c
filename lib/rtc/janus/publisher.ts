/**
 * One stream published to a Janus VideoRoom: the camera and microphone, or a shared screen. Its own
 * handle and peer connection, send-only; a camera goes out in simulcast so that each receiver gets the
 * layer it shows.
 */
import type { IceSetup } from "../peer-link";
import { withVideoStartBitrate } from "../start-bitrate";
import type { JanusHandle, JanusSession, PluginEvent } from "./session";
import { watchConnectDeadline } from "./connect-deadline";

/** A publisher Janus lists in the room: its id, and whether it sends anything yet. */
export interface JanusFeed {
  id: string;
}

export interface PublisherEvents {
  /** Publishers in the room now (on joining), or newly publishing ones. */
  onPublished?: (feeds: JanusFeed[]) => void;
  /** A publisher stopped or left. */
  onUnpublished?: (feedId: string) => void;
  /** The peer connection failed, or Janus hung it up, or the room went away: publish again. */
  onFailed: (reason: string) => void;
}

export interface PublishOptions extends PublisherEvents {
  session: JanusSession;
  room: string;
  pin: string;
  feedId: string;
  stream: MediaStream;
  ice: IceSetup;
  certificates?: RTCCertificate[];
}

/**
 * The simulcast layers for a camera of this height, lowest first: three from 720p, two from 360p, one
 * below. A receiver picks one by index, 0 being the lowest.
 *
 * Lowest first, because a browser short of CPU lowers its camera's resolution and then sends fewer
 * layers, keeping the first ones. Highest first, the layer it stopped was the lowest, the one every
 * small tile receives, and Janus never moves a receiver up to a layer it did not ask for: those tiles
 * froze for good. Janus is told the order (RID_ORDER).
 */
export function simulcastLayers(height: number): RTCRtpEncodingParameters[] | undefined {
  // Enough for each layer's size (a 720p top layer at 900 kbit/s, 360 lines at 350, 180 at 120):
  // every layer goes up whether anyone watches it or not, so none is given more than it needs.
  if (height >= 720) {
    return [
      { rid: "l", maxBitrate: 120_000, scaleResolutionDownBy: 4 },
      { rid: "m", maxBitrate: 350_000, scaleResolutionDownBy: 2 },
      { rid: "h", maxBitrate: 900_000 },
    ];
  }
  if (height >= 360) {
    return [
      { rid: "l", maxBitrate: 150_000, scaleResolutionDownBy: 2 },
      { rid: "h", maxBitrate: 500_000 },
    ];
  }
  return undefined;
}

/** How Janus reads the order of the layers in the published SDP: low, middle, high. */
export const RID_ORDER = "lmh";

export class JanusPublisher {
  private closed = false;

  private constructor(
    private readonly handle: JanusHandle,
    private readonly pc: RTCPeerConnection | null,
    readonly feedId: string,
  ) {}

  static async start(options: PublishOptions): Promise<JanusPublisher> {
    const { session, room, pin, feedId, stream, ice, certificates } = options;
    let publisher: JanusPublisher | null = null;
    // Janus ending a stream this page has not closed itself is a failure to recover from.
    const ended = (reason: string) => {
      if (publisher?.closed) return;
      publisher?.close();
      options.onFailed(reason);
    };
    const handle = await session.attach((event) => onRoomEvent(event, options, ended));
    try {
      const joined = await handle.message({ request: "join", ptype: "publisher", room, pin, id: feedId });
      options.onPublished?.(feedsOf(joined.data.publishers));
      // Nothing to send (no camera, no microphone): joined all the same, to hear who publishes.
      if (stream.getTracks().length === 0) return (publisher = new JanusPublisher(handle, null, feedId));
      const pc = new RTCPeerConnection({ ...ice, ...(certificates && { certificates }) });
      publisher = new JanusPublisher(handle, pc, feedId);
      for (const track of stream.getTracks()) {
        const height = track.getSettings().height ?? 0;
        const sendEncodings = track.kind === "video" ? simulcastLayers(height) : undefined;
        pc.addTransceiver(track, {
          direction: "sendonly",
          streams: [stream],
          ...(sendEncodings && { sendEncodings }),
        });
      }
      pc.addEventListener("icecandidate", (event) => handle.trickle(event.candidate));
      pc.addEventListener("connectionstatechange", () => {
        if (pc.connectionState === "failed") ended("the media path failed");
      });
      watchConnectDeadline(pc, () => ended("the media path did not connect in time"));
      await pc.setLocalDescription();
      const offer = pc.localDescription;
      const answer = await handle.message(
        { request: "publish" },
        offer ? { type: offer.type, sdp: offer.sdp, ridOrder: RID_ORDER } : undefined,
      );
      if (!answer.jsep?.sdp) throw new Error("The media server did not answer the published stream.");
      // Our encoders read their start bitrate from the answer: from the browser's default, the first
      // frames of the upper layers would be dropped and scaled down.
      await pc.setRemoteDescription({ ...answer.jsep, sdp: withVideoStartBitrate(answer.jsep.sdp) });
      return publisher;
    } catch (error) {
      publisher?.close();
      handle.detach();
      throw error;
    }
  }

  /** Whether it sends anything: a page with no camera or microphone only listens. */
  get sending(): boolean {
    return this.pc !== null;
  }

  /** Another camera or microphone, without renegotiating. */
  async replaceTrack(track: MediaStreamTrack): Promise<void> {
    const sender = this.pc?.getSenders().find((s) => s.track?.kind === track.kind);
    await sender?.replaceTrack(track);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pc?.close();
    this.handle.detach();
  }
}

function feedsOf(value: unknown): JanusFeed[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((entry) => (entry as { id?: unknown }).id)
    .filter((id): id is string => typeof id === "string")
    .map((id) => ({ id }));
}

/** What Janus tells a publisher about the room: who publishes, who stopped, and its own hangup. */
function onRoomEvent({ data }: PluginEvent, events: PublisherEvents, ended: (reason: string) => void): void {
  if (data.publishers) events.onPublished?.(feedsOf(data.publishers));
  for (const key of ["unpublished", "leaving"] as const) {
    const id = data[key];
    if (typeof id === "string" && id !== "ok") events.onUnpublished?.(id);
  }
  if (data.videoroom === "destroyed" || data.videoroom === "hangup" || data.leaving === "ok") {
    ended(`the media server ended the stream (${String(data.reason ?? data.videoroom)})`);
  }
}
