import { withFmtpParameters } from "./sdp-fmtp";

/**
 * Opus settings that keep speech going when the network is poor, set in the description we receive
 * (both ends do the same, so both encoders get them):
 * - in-band FEC (`useinbandfec=1`): each packet carries a low-rate copy of the one before, so one lost
 *   packet is recovered instead of heard as a gap;
 * - DTX (`usedtx=1`): no packets during silence (a muted or quiet microphone), which frees the
 *   bandwidth for video and for the other speakers.
 */
export const withOpusResilience = (sdp: string): string =>
  withFmtpParameters(sdp, /^opus\/48000/i, { useinbandfec: "1", usedtx: "1" });
