/**
 * A connection to Janus that is not up within this long counts as failed, and the page connects
 * afresh. Without it, one whose ICE never completed stayed "connecting" until Janus hung it up, a
 * minute and a half later, with no picture from anyone meanwhile (seen with five people on a busy
 * machine). On loopback or a LAN it connects in well under a second; a busy machine gets twenty.
 */
export const JANUS_CONNECT_DEADLINE_MS = 20_000;

type WatchedConnection = Pick<
  RTCPeerConnection,
  "connectionState" | "addEventListener" | "removeEventListener"
>;

/**
 * Calls `onLate` if `pc` has not connected within `deadlineMs` from now. Returns a cancel. Once
 * connected, it is not watched any more: a connection lost later fails by itself ("failed").
 */
export function watchConnectDeadline(
  pc: WatchedConnection,
  onLate: () => void,
  deadlineMs = JANUS_CONNECT_DEADLINE_MS,
): () => void {
  const stop = () => {
    clearTimeout(timer);
    pc.removeEventListener("connectionstatechange", onChange);
  };
  const onChange = () => {
    if (pc.connectionState === "connected" || pc.connectionState === "closed") stop();
  };
  const timer = setTimeout(() => {
    stop();
    if (pc.connectionState !== "connected" && pc.connectionState !== "closed") onLate();
  }, deadlineMs);
  pc.addEventListener("connectionstatechange", onChange);
  onChange();
  return stop;
}
