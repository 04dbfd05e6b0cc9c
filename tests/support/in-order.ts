/**
 * Deliveries that keep the order they were queued in, each no sooner than its time: one network
 * direction of a WebSocket. Separate timers cannot promise that: Node reads its clock once per turn
 * of the loop, so a frame queued a millisecond later in the same turn, with a delay a millisecond
 * shorter to reach the same time, can fire first.
 */
export class InOrder {
  private readonly queue: { at: number; deliver: () => void }[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Runs `deliver` at `at` (Date.now() time) or later, after everything queued before it. */
  push(at: number, deliver: () => void): void {
    this.queue.push({ at: Math.max(at, this.queue.at(-1)?.at ?? 0), deliver });
    if (this.queue.length === 1) this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const head = this.queue[0];
    if (!head) return;
    this.timer = setTimeout(() => this.run(), Math.max(0, head.at - Date.now()));
  }

  /** The head is due (to the timer's clock); so is whatever follows it by now. */
  private run(): void {
    try {
      do this.queue.shift()?.deliver();
      while (this.queue.length > 0 && this.queue[0]!.at <= Date.now());
    } finally {
      this.schedule();
    }
  }
}
