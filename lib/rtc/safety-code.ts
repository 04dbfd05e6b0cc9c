/**
 * A short code both ends of a call can read aloud to know nobody sits between them. Media is
 * encrypted with DTLS-SRTP, keyed to the certificates whose fingerprints the two browsers exchanged
 * in their SDP; someone who swapped those fingerprints on the way (a rogue signaling server) would
 * leave each side with a different pair, and so a different code.
 */

const FINGERPRINT = /^a=fingerprint:(\S+) ([0-9A-Fa-f:]+)\s*$/m;

/** The certificate fingerprint an SDP declares, as "algorithm HEX:HEX:...", or null. */
export function fingerprintOf(sdp: string | undefined): string | null {
  const match = sdp ? FINGERPRINT.exec(sdp) : null;
  return match?.[1] && match[2] ? `${match[1].toLowerCase()} ${match[2].toUpperCase()}` : null;
}

/**
 * Four groups of five digits from both fingerprints, the same whichever side computes it: the pair
 * is sorted first. About 66 bits: far beyond what someone could match by making certificates.
 */
export async function safetyCode(fingerprintA: string, fingerprintB: string): Promise<string> {
  const [first, second] = [fingerprintA, fingerprintB].sort();
  const input = new TextEncoder().encode(`parley-safety-code|${first}|${second}`);
  const view = new DataView(await crypto.subtle.digest("SHA-256", input));
  const groups = [0, 4, 8, 12].map((offset) => String(view.getUint32(offset) % 100_000).padStart(5, "0"));
  return groups.join(" ");
}

/** The code for a negotiated connection, or null until both descriptions are in place. */
export async function safetyCodeOf(pc: RTCPeerConnection): Promise<string | null> {
  const local = fingerprintOf(pc.localDescription?.sdp);
  const remote = fingerprintOf(pc.remoteDescription?.sdp);
  return local && remote ? safetyCode(local, remote) : null;
}
