import { withFmtpParameters } from "./sdp-fmtp";

/**
 * Where a call's bandwidth estimate starts, in kbit/s. Chromium starts at 300, and its encoder drops
 * each of the first frames and scales down while the bitrate it is given is below what the frame size
 * needs (300 kbit/s for 640x480, 500 above it): a camera swapped in on a held line (black frames at
 * one a second, which raise the estimate late if at all) lost its first two or three frames, 100 ms
 * and more at the camera's 20-30 frames a second, and then sent 320x240 for seconds. From this start,
 * less the audio, the first frame goes out at the camera's size. Not higher: the browser probes the
 * link at 3 and 6 times the start, and from 1000 the negotiation tests (many calls in one process)
 * failed one run in four, against none in fifteen from 600 or from the default. A slower link brings
 * the estimate down as it would from any start.
 */
export const VIDEO_START_BITRATE_KBPS = 600;

/** Video codecs, not their retransmission, redundancy or error-correction streams. */
const VIDEO_CODECS = /^(VP8|VP9|AV1|H264|H265)\/90000/i;

/** The start bitrate set on every video codec of a description we receive (ignored outside Chromium). */
export const withVideoStartBitrate = (sdp: string): string =>
  withFmtpParameters(sdp, VIDEO_CODECS, { "x-google-start-bitrate": String(VIDEO_START_BITRATE_KBPS) });
