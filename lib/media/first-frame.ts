import { HELD_FRAME_INTERVAL_MS } from "../rtc/held-frame-rate";

/** The name of the performance mark set when a remote camera's first frame shows in its tile. */
export const firstFrameMark = (peerId: string) => `parley:first-frame:${peerId}`;

/**
 * Sets `name`'s performance mark when `video` first shows a frame of a moving picture, for measuring
 * call setup. A call connected ahead of the join carries a black frame as it connects and one a second
 * until then (held-video.ts), which a player made ahead may be showing: a frame counts once the next
 * one follows sooner than those would, and the mark is dated to the frame itself. Returns how to stop
 * waiting.
 */
export function markFirstMovingFrame(video: HTMLVideoElement, name: string): () => void {
  let previous: number | null = null;
  let handle = video.requestVideoFrameCallback(function onFrame() {
    // When the page is told, as the benchmark's references are timed: not the frame's own timestamps.
    const now = performance.now();
    if (previous !== null && now - previous < HELD_FRAME_INTERVAL_MS / 2) {
      performance.mark(name, { startTime: previous });
      return;
    }
    previous = now;
    handle = video.requestVideoFrameCallback(onFrame);
  });
  return () => video.cancelVideoFrameCallback(handle);
}
