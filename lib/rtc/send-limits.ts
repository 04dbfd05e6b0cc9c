/**
 * How much video each outgoing link may send, sized for the room: in a full mesh every person sends
 * one copy of their video per other participant, so the copies share one home uplink. Audio is never
 * limited, and is marked more important than video, so that when bandwidth or CPU run short the
 * browser degrades video first.
 */

/** A typical home uplink, shared by all copies of one person's video. */
export const UPLINK_BUDGET_BPS = 2_500_000;
/** More than this per link buys little for a 640x480 camera. */
const MAX_LINK_BITRATE_BPS = 1_200_000;

export interface SendLimits {
  maxBitrate: number;
  scaleResolutionDownBy: number;
  maxFramerate: number;
}

/** The limits for each outgoing video link when `participants` are in the call (ourselves included). */
export function sendLimitsFor(participants: number): SendLimits {
  const links = Math.max(1, participants - 1);
  const maxBitrate = Math.min(MAX_LINK_BITRATE_BPS, Math.floor(UPLINK_BUDGET_BPS / links));
  // Fewer pixels and frames as the budget per link shrinks, so what is sent stays sharp.
  const scaleResolutionDownBy = links <= 2 ? 1 : links <= 4 ? 1.5 : 2;
  const maxFramerate = links <= 2 ? 30 : links <= 4 ? 24 : 15;
  return { maxBitrate, scaleResolutionDownBy, maxFramerate };
}

/** Applies the limits to a camera sender, and marks audio above video. */
export async function applySendLimits(sender: RTCRtpSender, limits: SendLimits): Promise<void> {
  const parameters = sender.getParameters();
  // Not negotiated yet: there is nothing to set, and the next call will do it.
  if (!parameters.encodings || parameters.encodings.length === 0) return;
  const video = sender.track?.kind === "video";
  for (const encoding of parameters.encodings) {
    if (video) Object.assign(encoding, limits);
    encoding.priority = video ? "low" : "high";
    encoding.networkPriority = video ? "low" : "high";
  }
  await sender.setParameters(parameters);
}
