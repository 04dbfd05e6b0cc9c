/**
 * The microphone as the device gives it (raw) and, while noise suppression is on, the cleaned copy
 * the calls get instead. The raw track is kept either way: it feeds the cleaner, tells which device is
 * in use, and is what goes out again when suppression is turned off.
 */
import type { MicrophoneCleaner } from "./noise-suppression";

export class Microphone {
  private rawTrack: MediaStreamTrack | null = null;
  private cleaner: MicrophoneCleaner | null = null;

  constructor(private readonly createCleaner: () => MicrophoneCleaner) {}

  get raw(): MediaStreamTrack | null {
    return this.rawTrack;
  }

  /** A new device's track: the previous one's cleaning ends (its track is the caller's to stop). */
  use(raw: MediaStreamTrack | null): void {
    this.stopCleaning();
    this.rawTrack = raw;
  }

  get cleaning(): boolean {
    return this.cleaner !== null;
  }

  /**
   * Starts cleaning the raw track; `cleaned` gets the result if, by then, it is still this track's
   * and cleaning was not stopped. Where it cannot run, the browser's own suppression carries on.
   */
  async clean(cleaned: (track: MediaStreamTrack) => Promise<void>): Promise<void> {
    const raw = this.rawTrack;
    if (!raw || this.cleaner) return;
    const cleaner = this.createCleaner();
    this.cleaner = cleaner;
    const track = await cleaner.clean(raw).catch((error: unknown) => {
      console.warn("Noise suppression couldn't start:", error);
      return null;
    });
    if (this.cleaner !== cleaner || this.rawTrack !== raw || !track) {
      if (this.cleaner === cleaner) this.cleaner = null;
      cleaner.close();
      return;
    }
    // The browser's own suppression would only work again on what is already clean.
    void raw.applyConstraints?.({ noiseSuppression: false }).catch(() => {});
    await cleaned(track);
  }

  stopCleaning(): void {
    if (!this.cleaner) return;
    this.cleaner.close();
    this.cleaner = null;
    void this.rawTrack?.applyConstraints?.({ noiseSuppression: true }).catch(() => {});
  }

  stop(): void {
    this.stopCleaning();
    this.rawTrack?.stop();
    this.rawTrack = null;
  }
}
