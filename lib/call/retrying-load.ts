/**
 * Code the call needs now and cannot do without (a large meeting's transport, once the meeting has
 * moved to the SFU): each download is bounded, a failed one is tried again after a growing pause for
 * as long as the code is still wanted, and the person is told while it cannot come. Without it the
 * page would sit in the meeting seeing and sending nothing, and saying nothing. The person is asked
 * to reload: the production build's chunk loader remembers a chunk that failed to download and fails
 * every later import of it at once, so the tries help with a download that was only slow (a try
 * past its bound still takes it up when it lands), and in development.
 */

/** How long one try may take before it counts as failed (the browser's own download may still land). */
export const LOAD_TRY_MS = 15_000;
/** Pauses before trying again: quick at first, then every 30 s. */
const RETRY_DELAYS_MS = [2000, 5000, 10_000, 30_000];

export interface RetryingLoadEvents<T> {
  /** Whether the code is still needed: a try that ends when it is not does nothing. */
  wanted(): boolean;
  loaded(code: T): void;
  /** True while the latest try failed and another is coming; false once the code is here. */
  failing(failing: boolean): void;
}

export class RetryingLoad<T> {
  private code: { value: T } | null = null;
  private trying = false;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private boundTimer: ReturnType<typeof setTimeout> | undefined;
  /** Counts tries: the late end of one that already counted as failed, or was given up, says nothing. */
  private generation = 0;

  constructor(
    private readonly download: () => Promise<T>,
    private readonly events: RetryingLoadEvents<T>,
  ) {}

  /** The code is wanted now: handed over at once if it is here, otherwise on its way. */
  want(): void {
    if (!this.events.wanted()) return;
    if (this.code) return this.events.loaded(this.code.value);
    if (this.trying || this.retryTimer !== undefined) return;
    this.tryOnce();
  }

  /**
   * The code is not wanted any more (the meeting went back to peer to peer, the page closed): no
   * more tries, and no more warning. A download on its way is still kept if it lands.
   */
  giveUp(): void {
    this.generation += 1;
    this.trying = false;
    clearTimeout(this.boundTimer);
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.failures > 0) this.events.failing(false);
    this.failures = 0;
  }

  private tryOnce(): void {
    const generation = ++this.generation;
    this.trying = true;
    const current = () => generation === this.generation && !this.code;
    this.boundTimer = setTimeout(() => {
      if (current()) this.failed();
    }, LOAD_TRY_MS);
    this.download().then(
      (value) => {
        // Even a try that timed out or was given up brings the code: it is kept, and handed over
        // once (a later try ending with the same download changes nothing).
        const had = this.code !== null;
        this.code = { value };
        if (had) return;
        this.giveUp();
        this.want();
      },
      () => {
        if (current()) this.failed();
      },
    );
  }

  private failed(): void {
    clearTimeout(this.boundTimer);
    this.trying = false;
    this.generation += 1;
    if (!this.events.wanted()) return this.giveUp();
    const delay = RETRY_DELAYS_MS[Math.min(this.failures, RETRY_DELAYS_MS.length - 1)] ?? 30_000;
    this.failures += 1;
    this.events.failing(true);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.events.wanted()) this.want();
      else this.giveUp();
    }, delay);
  }
}
