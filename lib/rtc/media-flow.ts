/**
 * When a new stream's media starts to flow. A remote video track is muted until its first packets
 * arrive: a tile switched to it before then goes black, while the stream it had may still be playing.
 */

/** The longest a stream is waited for: past it, its tile takes it all the same. */
export const FIRST_MEDIA_WAIT_MS = 4000;

/** Calls `onFlowing` once every video track in the stream has media (at once if it does already). */
export function whenFlowing(stream: MediaStream, onFlowing: () => void, waitMs = FIRST_MEDIA_WAIT_MS): void {
  const waiting = stream.getVideoTracks().filter((track) => track.muted);
  if (waiting.length === 0) return onFlowing();
  let done = false;
  const finish = () => {
    if (done || (waiting.some((track) => track.muted) && !timedOut)) return;
    done = true;
    clearTimeout(timer);
    onFlowing();
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    finish();
  }, waitMs);
  for (const track of waiting) track.addEventListener("unmute", finish, { once: true });
}
