import { withFmtpParameters } from "./sdp-fmtp";

/**
 * Where a call's bandwidth estimate starts, in kbit/s. Chromium starts at 300, and its encoder drops
 * each of the first frames and scales down while the bitrate it is given is below what the frame size
 * needs (300 kbit/s for 320x240, 500 for 640x480): a camera swapped in after a held line (black frames
 * at one a second, which never raise the estimate) lost its first two or three frames, about 100 ms at
 * the camera's 20-30 frames a second, and then sent 320x240 for seconds. From a higher start the first
 * frame goes out at the camera's size; on a slower link the estimate comes down within a second.
 */
export const VIDEO_START_BITRATE_KBPS = 1000;

/** Video codecs, not their retransmission, redundancy or error-correction streams. */
const VIDEO_CODECS = /^(VP8|VP9|AV1|H264|H265)\/90000/i;

/** The start bitrate set on every video codec of a description we receive (ignored outside Chromium). */
export const withVideoStartBitrate = (sdp: string): string =>
  withFmtpParameters(sdp, VIDEO_CODECS, { "x-google-start-bitrate": String(VIDEO_START_BITRATE_KBPS) });
