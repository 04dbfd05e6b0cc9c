/**
 * Whether background effects keep up on this device. The worker reports, once a second, how many
 * frames it finished and how long they took; a device is too slow when the worker is the bottleneck
 * (busy nearly all of the second) and still makes fewer frames than a watchable video needs, several
 * seconds running, once the model has warmed up. A slow or covered camera alone is not a slow device.
 */
export const KEEP_UP = {
  /** Fewer frames a second than this is not smooth video. */
  minFramesPerSecond: 12,
  /** Busy for this share of a second or more: the worker, not the camera, is what holds frames back. */
  busyShare: 0.8,
  /** Seconds that may fall behind in a row before the effect is turned off. */
  secondsBehind: 4,
  /** The first seconds load and warm up the model: they are not counted. */
  warmUpSeconds: 3,
} as const;

export class KeepUpMonitor {
  private seconds = 0;
  private behindInARow = 0;

  constructor(private readonly limits: typeof KEEP_UP = KEEP_UP) {}

  /** One second's report; true once the device has shown it cannot keep up. */
  second(frames: number, busyMs: number): boolean {
    this.seconds += 1;
    if (this.seconds <= this.limits.warmUpSeconds) return false;
    const behind = frames < this.limits.minFramesPerSecond && busyMs >= 1000 * this.limits.busyShare;
    this.behindInARow = behind ? this.behindInARow + 1 : 0;
    return this.behindInARow >= this.limits.secondsBehind;
  }
}
