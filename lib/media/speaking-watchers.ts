import { watchSpeaking } from "./speaking";

type Watch = typeof watchSpeaking;

/**
 * Listens to every voice in the call at once, whether or not its tile is on screen (a paged grid
 * shows some people, but anyone may speak): one speaking watcher per stream, kept in step with the
 * streams the call has.
 */
export class SpeakingWatchers {
  private readonly watching = new Map<string, { stream: MediaStream; stop: () => void }>();
  /** The streams last asked for: what a delayed start starts. */
  private wanted: ReadonlyMap<string, MediaStream> = new Map();
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the waiting streams start at the latest, however many more keep arriving (Date.now()). */
  private startBy: number | null = null;

  /**
   * `startAfterMs`: how long new streams wait, after the last of them arrived, before they are
   * watched (at most three times that in all). A watcher is an audio graph, several milliseconds of
   * main thread to build, the first of them a whole audio context; a stream is new just as its call's
   * first frames come in, which matter more than a speaking ring a moment sooner, and one that
   * arrives puts off the others' start too, so that none is built in its way.
   */
  constructor(
    private readonly onChange: (id: string, speaking: boolean) => void,
    private readonly watch: Watch = watchSpeaking,
    private readonly startAfterMs = 0,
  ) {}

  /**
   * Watches exactly these streams: gone and replaced ones stop (and fall silent) at once, new ones
   * start after `startAfterMs`, if they are still asked for then.
   */
  sync(streams: ReadonlyMap<string, MediaStream>): void {
    const before = this.wanted;
    this.wanted = streams;
    const stopped = [...this.watching].filter(([id, watched]) => streams.get(id) !== watched.stream);
    for (const [id, watched] of stopped) {
      watched.stop();
      this.watching.delete(id);
    }
    if (this.startAfterMs === 0) this.startWanted();
    else if ([...streams].some(([id, stream]) => !this.watching.has(id) && before.get(id) !== stream)) {
      this.startLater();
    }
    // Told last: whoever listens may change the streams and call sync again.
    for (const [id] of stopped) this.onChange(id, false);
  }

  close(): void {
    clearTimeout(this.startTimer);
    this.startTimer = undefined;
    this.startBy = null;
    this.sync(new Map());
  }

  private startLater(): void {
    const now = Date.now();
    this.startBy ??= now + 3 * this.startAfterMs;
    clearTimeout(this.startTimer);
    this.startTimer = setTimeout(
      () => {
        this.startTimer = undefined;
        this.startBy = null;
        this.startWanted();
      },
      Math.min(this.startAfterMs, this.startBy - now),
    );
  }

  private startWanted(): void {
    for (const [id, stream] of this.wanted) {
      if (this.watching.has(id)) continue;
      const stop = this.watch(stream, (speaking) => this.onChange(id, speaking));
      this.watching.set(id, { stream, stop });
    }
  }
}
