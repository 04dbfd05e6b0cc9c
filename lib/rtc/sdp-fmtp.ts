/**
 * Codec parameters in a session description. The parameters of an `a=fmtp` line say what its author
 * wants to receive, and each browser configures its encoder from the other side's description; there
 * is no API for most of them, so they are set in the description we receive before it is applied.
 */

/**
 * The description with `parameters` set on every codec whose `a=rtpmap` value (after the payload
 * type, as in "opus/48000/2") matches `codec`, keeping its other parameters. A codec with no fmtp
 * line gets one, right after its rtpmap; every other line is left as it was, line endings included.
 */
export function withFmtpParameters(sdp: string, codec: RegExp, parameters: Record<string, string>): string {
  const newline = sdp.includes("\r\n") ? "\r\n" : "\n";
  const lines = sdp.split(newline);
  const payloadTypeOf = (line: string) => {
    const [, payloadType, value] = /^a=rtpmap:(\d+) (.*)$/.exec(line) ?? [];
    return payloadType && value !== undefined && codec.test(value) ? payloadType : undefined;
  };
  const payloadTypes = new Set(lines.flatMap((line) => payloadTypeOf(line) ?? []));
  if (payloadTypes.size === 0) return sdp;

  const withFmtp = new Set<string>();
  const updated = lines.map((line) => {
    const [, payloadType, existing] = /^a=fmtp:(\d+) (.*)$/.exec(line) ?? [];
    if (!payloadType || existing === undefined || !payloadTypes.has(payloadType)) return line;
    withFmtp.add(payloadType);
    return `a=fmtp:${payloadType} ${merged(existing, parameters)}`;
  });
  return updated
    .flatMap((line) => {
      const payloadType = payloadTypeOf(line);
      if (!payloadType || withFmtp.has(payloadType)) return [line];
      return [line, `a=fmtp:${payloadType} ${merged("", parameters)}`];
    })
    .join(newline);
}

function merged(existing: string, parameters: Record<string, string>): string {
  const all = new Map<string, string>();
  for (const pair of existing.split(";")) {
    const [key, value] = pair.trim().split("=");
    if (key) all.set(key, value ?? "");
  }
  for (const [key, value] of Object.entries(parameters)) all.set(key, value);
  return [...all].map(([key, value]) => (value === "" ? key : `${key}=${value}`)).join(";");
}
