/**
 * The background effect, loaded when first turned on: most meetings never use it, and the room
 * page's first load stays as small as it was.
 */
import type { CameraEffect, EffectStop } from "./background-effect";
import type { BackgroundChoice } from "./choice";

export class LazyBackgroundEffect implements CameraEffect {
  private readonly effect: Promise<CameraEffect>;

  constructor(stopped: (reason: EffectStop) => void) {
    this.effect = import("./background-effect").then(({ BackgroundEffect }) => new BackgroundEffect(stopped));
  }

  async start(raw: MediaStreamTrack, choice: BackgroundChoice): Promise<MediaStreamTrack | null> {
    return (await this.effect).start(raw, choice);
  }

  async setBackground(choice: BackgroundChoice): Promise<void> {
    return (await this.effect).setBackground(choice);
  }

  setPaused(paused: boolean): void {
    void this.effect.then((effect) => effect.setPaused(paused));
  }

  close(): void {
    void this.effect.then((effect) => effect.close());
  }
}
