/**
 * The camera as the device gives it (raw) and, while a background effect is on, the processed copy
 * the calls get instead. The raw track is kept either way: it feeds the effect, tells which device is
 * in use, and is what goes out again when the effect is turned off.
 */
import type { BackgroundChoice } from "./background/choice";
import type { CameraEffect, EffectStop } from "./background/background-effect";

export type EffectOutcome = "on" | "off" | "failed" | "superseded";

export class Camera {
  private rawTrack: MediaStreamTrack | null = null;
  private effect: CameraEffect | null = null;

  constructor(private readonly createEffect: (stopped: (reason: EffectStop) => void) => CameraEffect) {}

  get raw(): MediaStreamTrack | null {
    return this.rawTrack;
  }

  /** A new device's track: the previous one's effect ends (its track is the caller's to stop). */
  use(raw: MediaStreamTrack | null): void {
    this.stopEffect();
    this.rawTrack = raw;
  }

  /**
   * Puts `choice` behind the person: a running effect changes its background; otherwise one starts
   * and `started` gets its track, if by then it is still this camera's and still wanted. `stopped`
   * hears if, later, it cannot go on.
   */
  async apply(
    choice: BackgroundChoice,
    started: (track: MediaStreamTrack) => Promise<void>,
    stopped: (reason: EffectStop) => void,
  ): Promise<EffectOutcome> {
    const raw = this.rawTrack;
    if (choice.kind === "none" || !raw) {
      this.stopEffect();
      return "off";
    }
    if (this.effect) {
      await this.effect.setBackground(choice);
      return "on";
    }
    const effect = this.createEffect((reason) => this.effect === effect && stopped(reason));
    this.effect = effect;
    const track = await effect.start(raw, choice).catch((error: unknown) => {
      console.warn("Background effects couldn't start:", error);
      return null;
    });
    if (this.effect !== effect || this.rawTrack !== raw || !track) {
      if (this.effect === effect) this.effect = null;
      effect.close();
      return track ? "superseded" : "failed";
    }
    effect.setPaused(!raw.enabled);
    await started(track);
    return "on";
  }

  /** Camera off: the effect rests; on: it works again. */
  setEnabled(enabled: boolean): void {
    if (this.rawTrack) this.rawTrack.enabled = enabled;
    this.effect?.setPaused(!enabled);
  }

  stopEffect(): void {
    this.effect?.close();
    this.effect = null;
  }

  stop(): void {
    this.stopEffect();
    this.rawTrack?.stop();
    this.rawTrack = null;
  }
}
