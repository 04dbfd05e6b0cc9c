/**
 * Whether a received video track has had a frame decoded yet, from its receiver's statistics: what a
 * tile moving to a new transport waits for (media-flow.ts). A file of its own, as only the
 * transports use it, and they load after the page. A track none of these connections receives any
 * more has nothing to wait for.
 */
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
