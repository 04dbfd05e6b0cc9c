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

/** Below this, video turns to mush; a thumbnail this cheap is not worth saving more on. */
const MIN_VIDEO_BITRATE_BPS = 100_000;
/** A thumbnail's motion needs no more than this. */
const THUMBNAIL_FRAMERATE = 15;
const THUMBNAIL_HEIGHT = 180;

export interface SendLimits {
  maxBitrate: number;
  scaleResolutionDownBy: number;
  maxFramerate: number;
}

export interface VideoEncoding extends SendLimits {
  active: boolean;
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

/**
 * A call's first frames go out at half the camera's width and height (a quarter of the pixels). The
 * camera's first frame on a line held until the join is all change, as costly as a key frame: on a
 * busy machine it took 6-11 ms to encode at 640x480 against 2-3 ms at 320x240, and the first picture
 * reached the joiner 170 ms after the click at full size, 117 ms at half (medians of 8 calls). Full
 * size follows a second later (FIRST_FRAMES_MS in peer-link.ts), as an adaptive call ramps up.
 */
export const FIRST_FRAMES_SCALE_DOWN = 2;

/**
 * The room's limits for one link, lowered further to what its receiver shows (`viewHeight`, in
 * pixels; 0: not shown at all, null: not said), and for a call's first frames (`firstFrames`, see
 * FIRST_FRAMES_SCALE_DOWN). Fewer pixels keep the room's bits per pixel, so a thumbnail costs a
 * fraction of a tile.
 */
export function videoEncodingFor(
  limits: SendLimits,
  viewHeight: number | null,
  trackHeight: number | undefined,
  firstFrames = false,
): VideoEncoding {
  const encoding = encodingForView(limits, viewHeight, trackHeight);
  if (!firstFrames || !encoding.active) return encoding;
  return {
    ...encoding,
    scaleResolutionDownBy: Math.max(encoding.scaleResolutionDownBy, FIRST_FRAMES_SCALE_DOWN),
  };
}

function encodingForView(
  limits: SendLimits,
  viewHeight: number | null,
  trackHeight: number | undefined,
): VideoEncoding {
  if (viewHeight === 0) return { ...limits, active: false };
  if (viewHeight === null || !trackHeight || trackHeight / limits.scaleResolutionDownBy <= viewHeight) {
    return { ...limits, active: true };
  }
  const scaleResolutionDownBy = trackHeight / viewHeight;
  const pixelShare = (limits.scaleResolutionDownBy / scaleResolutionDownBy) ** 2;
  return {
    active: true,
    scaleResolutionDownBy,
    maxBitrate: Math.max(MIN_VIDEO_BITRATE_BPS, Math.round(limits.maxBitrate * pixelShare)),
    maxFramerate:
      viewHeight <= THUMBNAIL_HEIGHT
        ? Math.min(limits.maxFramerate, THUMBNAIL_FRAMERATE)
        : limits.maxFramerate,
  };
}

/** What a sending line carries: set before its track is, so a line held silent is limited ahead. */
export interface SendingLine {
  sender: RTCRtpSender;
  kind: string;
  /** The camera's height, which the receiver's view is compared with; unknown: limited by the room alone. */
  trackHeight: number | undefined;
}

/** Applies the limits (and what the receiver shows) to a camera line, and marks audio above video. */
export async function applySendLimits(
  { sender, kind, trackHeight }: SendingLine,
  limits: SendLimits,
  viewHeight: number | null,
  firstFrames = false,
): Promise<void> {
  const parameters = sender.getParameters();
  // Not negotiated yet: there is nothing to set, and the next call will do it.
  if (!parameters.encodings || parameters.encodings.length === 0) return;
  const video = kind === "video";
  const priority: RTCPriorityType = video ? "low" : "high";
  const wanted: Partial<RTCRtpEncodingParameters> = {
    ...(video ? videoEncodingFor(limits, viewHeight, trackHeight, firstFrames) : {}),
    priority,
    networkPriority: priority,
  };
  // Setting parameters reconfigures the encoder even when nothing changed, which can cost the call
  // its first frames: only a real change is applied.
  const unchanged = parameters.encodings.every((line) =>
    Object.entries(wanted).every(([key, value]) => line[key as keyof RTCRtpEncodingParameters] === value),
  );
  if (unchanged) return;
  for (const line of parameters.encodings) Object.assign(line, wanted);
  await sender.setParameters(parameters);
}
