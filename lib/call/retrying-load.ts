/**
 * Code the call needs now and cannot do without (a large meeting's transport, once the meeting has
 * moved to the SFU): each download is bounded, a failed one is tried again every few seconds for as
 * long as the code is still wanted, and the person is told while it cannot come. Without it the page
 * would sit in the meeting seeing and sending nothing, and saying nothing. The build's chunk loader
 * forgets a chunk that failed to download, so each try downloads it afresh: a network that comes back
 * brings the code on the next try, and a download that was only slow is taken up when it lands, even
 * past its try's bound. A reload, which the person is told of, does the same at once.
 */

/** How long one try may take before it counts as failed (the browser's own download may still land). */
export const LOAD_TRY_MS = 15_000;
/** The pause before the next try. */
export const LOAD_RETRY_MS = 5000;

export interface RetryingLoadEvents<T> {
  /** Whether the code is still needed: a try that ends when it is not does nothing. */
  wanted(): boolean;
  loaded(code: T): void;
  /** True once a try failed and another is coming; false once the code is here or no longer wanted. */
  failing(failing: boolean): void;
}

export class RetryingLoad<T> {
  private code: { value: T } | null = null;
  /** A try's bound, or the pause before the next try: while it runs, nothing new starts. */
  private timer: ReturnType<typeof setTimeout> | undefined;
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
    if (this.timer === undefined) this.tryOnce();
  }

  /** Not wanted any more (the meeting went back to peer to peer, the page closed): no more tries or warning. */
  giveUp(): void {
    this.generation += 1;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.events.failing(false);
  }

  private tryOnce(): void {
    const generation = ++this.generation;
    this.timer = setTimeout(() => this.failed(generation), LOAD_TRY_MS);
    this.download().then(
      (value) => {
        // Even a try that timed out or was given up brings the code: kept, and handed over once.
        if (this.code) return;
        this.code = { value };
        this.giveUp();
        this.want();
      },
      () => this.failed(generation),
    );
  }

  private failed(generation: number): void {
    if (generation !== this.generation || this.code) return;
    this.generation += 1;
    this.events.failing(true);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.want();
    }, LOAD_RETRY_MS);
  }
}
