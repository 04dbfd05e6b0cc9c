/**
 * Opus settings that keep speech going when the network is poor. The parameters of an `a=fmtp` line
 * say what its author wants to receive, and each browser configures its encoder from the other side's
 * description; there is no API for them, so they are set in the description we receive before it is
 * applied (both ends do the same, so both encoders get them):
 * - in-band FEC (`useinbandfec=1`): each packet carries a low-rate copy of the one before, so one lost
 *   packet is recovered instead of heard as a gap;
 * - DTX (`usedtx=1`): no packets during silence (a muted or quiet microphone), which frees the
 *   bandwidth for video and for the other speakers.
 */
const RESILIENCE: Record<string, string> = { useinbandfec: "1", usedtx: "1" };

export function withOpusResilience(sdp: string): string {
  const newline = sdp.includes("\r\n") ? "\r\n" : "\n";
  const lines = sdp.split(newline);
  const opusPayloadTypes = new Set(
    lines.flatMap((line) => /^a=rtpmap:(\d+) opus\/48000/i.exec(line)?.[1] ?? []),
  );
  if (opusPayloadTypes.size === 0) return sdp;

  const withFmtp = new Set<string>();
  const updated = lines.map((line) => {
    const [, payloadType, parameters] = /^a=fmtp:(\d+) (.*)$/.exec(line) ?? [];
    if (!payloadType || parameters === undefined || !opusPayloadTypes.has(payloadType)) return line;
    withFmtp.add(payloadType);
    return `a=fmtp:${payloadType} ${mergeParameters(parameters)}`;
  });
  // A payload type with no fmtp line at all gets one, right after its rtpmap.
  return updated
    .flatMap((line) => {
      const payloadType = /^a=rtpmap:(\d+) opus\/48000/i.exec(line)?.[1];
      if (!payloadType || withFmtp.has(payloadType)) return [line];
      return [line, `a=fmtp:${payloadType} ${mergeParameters("")}`];
    })
    .join(newline);
}

function mergeParameters(parameters: string): string {
  const merged = new Map<string, string>();
  for (const pair of parameters.split(";")) {
    const [key, value] = pair.trim().split("=");
    if (key) merged.set(key, value ?? "");
  }
  for (const [key, value] of Object.entries(RESILIENCE)) merged.set(key, value);
  return [...merged].map(([key, value]) => (value === "" ? key : `${key}=${value}`)).join(";");
}
