import { watchSpeaking } from "./speaking";

type Watch = typeof watchSpeaking;

/**
 * Listens to every voice in the call at once, whether or not its tile is on screen (a paged grid
 * shows some people, but anyone may speak): one speaking watcher per stream, kept in step with the
 * streams the call has.
 */
export class SpeakingWatchers {
  private readonly watching = new Map<string, { stream: MediaStream; stop: () => void }>();

  constructor(
    private readonly onChange: (id: string, speaking: boolean) => void,
    private readonly watch: Watch = watchSpeaking,
  ) {}

  /** Watches exactly these streams: new ones start, replaced ones restart, gone ones stop and fall silent. */
  sync(streams: ReadonlyMap<string, MediaStream>): void {
    const stopped = [...this.watching].filter(([id, watched]) => streams.get(id) !== watched.stream);
    for (const [id, watched] of stopped) {
      watched.stop();
      this.watching.delete(id);
    }
    for (const [id, stream] of streams) {
      if (this.watching.has(id)) continue;
      const stop = this.watch(stream, (speaking) => this.onChange(id, speaking));
      this.watching.set(id, { stream, stop });
    }
    // Told last: whoever listens may change the streams and call sync again.
    for (const [id] of stopped) this.onChange(id, false);
  }

  close(): void {
    this.sync(new Map());
  }
}
