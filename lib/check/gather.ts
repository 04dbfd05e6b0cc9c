/**
 * Finds out which ways out of this network work, by gathering ICE candidates with one server at a
 * time: a server-reflexive candidate means STUN over UDP answered; a relay candidate means that TURN
 * server and transport answered and accepted the credentials.
 */

export interface GatherResult {
  /** Candidate types found: "host", "srflx", "relay". */
  types: string[];
  /** ICE server errors, by code: 401 means the credentials were refused. */
  errors: number[];
}

export async function gather(
  server: RTCIceServer,
  relayOnly: boolean,
  timeoutMs = 5000,
): Promise<GatherResult> {
  const pc = new RTCPeerConnection({ iceServers: [server], iceTransportPolicy: relayOnly ? "relay" : "all" });
  const types = new Set<string>();
  const errors: number[] = [];
  try {
    const done = new Promise<void>((resolve) => {
      pc.onicecandidate = ({ candidate }) => {
        if (!candidate) return resolve();
        if (candidate.type) types.add(candidate.type);
        // One relay (or reflexive) candidate answers the question; no need to wait for the rest.
        if (types.has(relayOnly ? "relay" : "srflx")) resolve();
      };
      pc.onicecandidateerror = (event) => errors.push(event.errorCode);
      setTimeout(resolve, timeoutMs);
    });
    // A data channel is enough to make the connection gather.
    pc.createDataChannel("check");
    await pc.setLocalDescription();
    await done;
  } finally {
    pc.close();
  }
  return { types: [...types], errors };
}

/** The transport a TURN url uses, as people name it. */
export function relayTransport(url: string): "UDP" | "TCP" | "TLS" {
  if (url.startsWith("turns:")) return "TLS";
  return /[?&]transport=tcp\b/i.test(url) ? "TCP" : "UDP";
}
