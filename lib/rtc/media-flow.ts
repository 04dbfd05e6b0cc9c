/**
 * When a new stream's media starts to flow. A remote video track is muted until its first packets
 * arrive, and shows nothing until its first frame is decoded (on a busy machine, or while the sender
 * makes a key frame, a second or more later): a tile switched to it before then goes black, while the
 * stream it had may still be playing.
 */

/** The longest a stream is waited for: past it, its tile takes it all the same. */
export const FIRST_MEDIA_WAIT_MS = 4000;
/** How often the first decoded frame is looked for, once packets arrive. */
const DECODED_POLL_MS = 200;

/** Whether a remote video track has had a frame decoded yet (its receiver's statistics tell). */
export type DecodedProbe = (track: MediaStreamTrack) => Promise<boolean>;

/** The probe over these peer connections; a track none of them receives any more has nothing to wait for. */
export async function decodedOn(
  connections: Iterable<RTCPeerConnection>,
  track: MediaStreamTrack,
): Promise<boolean> {
  for (const pc of connections) {
    const receiver = pc.getReceivers().find((candidate) => candidate.track === track);
    if (!receiver) continue;
    let decoded = false;
    (await receiver.getStats()).forEach((entry: { type: string; framesDecoded?: number }) => {
      if (entry.type === "inbound-rtp" && (entry.framesDecoded ?? 0) > 0) decoded = true;
    });
    return decoded;
  }
  return true;
}

/**
 * Calls `onFlowing` once every video track in the stream has media (at once if it does already),
 * and, given `decoded`, once each has a decoded frame to show.
 */
export function whenFlowing(
  stream: MediaStream,
  onFlowing: () => void,
  { decoded, waitMs = FIRST_MEDIA_WAIT_MS }: { decoded?: DecodedProbe; waitMs?: number } = {},
): void {
  const video = stream.getVideoTracks();
  let done = false;
  let probing = false;
  const finish = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    onFlowing();
  };
  const check = async () => {
    if (done || probing || video.some((track) => track.muted)) return;
    if (!decoded) return finish();
    probing = true;
    // A probe that fails (the connection closed meanwhile) holds nothing up.
    const ready = await Promise.all(video.map((track) => decoded(track).catch(() => true)));
    probing = false;
    if (ready.every(Boolean)) finish();
    else if (!done) setTimeout(() => void check(), DECODED_POLL_MS);
  };
  const timer = setTimeout(finish, waitMs);
  for (const track of video) {
    if (track.muted) track.addEventListener("unmute", () => void check(), { once: true });
  }
  void check();
}
