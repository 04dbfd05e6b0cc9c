/**
 * RNNoise, a small neural network that removes keyboard clicks, fans and voices in the background,
 * run in an AudioWorklet (off the main thread) from WebAssembly the app serves itself. It takes the
 * raw microphone track and gives a cleaned one to send instead; the raw one stays, to switch back.
 */
const ASSETS = "/noise-suppression";
/** RNNoise works on 48 kHz audio in 10 ms frames. */
const SAMPLE_RATE = 48_000;

/** What the LocalMediaController needs of a suppressor (the tests give it a plain one). */
export interface MicrophoneCleaner {
  /**
   * A cleaned copy of `raw`, once it can run: browsers start audio only after the person has touched
   * the page, so this may wait for their first click or key. Null where it cannot run at all.
   */
  clean(raw: MediaStreamTrack): Promise<MediaStreamTrack | null>;
  close(): void;
}

export class NoiseSuppressor implements MicrophoneCleaner {
  private context: AudioContext | null = null;
  private output: MediaStreamTrack | null = null;
  private closed = false;
  private stopWaiting: () => void = () => {};

  async clean(raw: MediaStreamTrack): Promise<MediaStreamTrack | null> {
    if (typeof AudioWorkletNode === "undefined") return null;
    const context = new AudioContext({ sampleRate: SAMPLE_RATE });
    this.context = context;
    // Loaded on first use: most of the page never needs it.
    const { loadRnnoise, RnnoiseWorkletNode } = await import("@sapphi-red/web-noise-suppressor");
    const [wasmBinary] = await Promise.all([
      loadRnnoise({ url: `${ASSETS}/rnnoise.wasm`, simdUrl: `${ASSETS}/rnnoise-simd.wasm` }),
      context.audioWorklet.addModule(`${ASSETS}/rnnoise-worklet.js`),
    ]);
    if (this.closed) return null;
    const source = context.createMediaStreamSource(new MediaStream([raw]));
    const suppressor = new RnnoiseWorkletNode(context, { wasmBinary, maxChannels: 1 });
    const destination = context.createMediaStreamDestination();
    source.connect(suppressor).connect(destination);
    await this.running(context);
    if (this.closed) return null;
    this.output = destination.stream.getAudioTracks()[0] ?? null;
    return this.output;
  }

  close(): void {
    this.closed = true;
    this.stopWaiting();
    this.output?.stop();
    void this.context?.close().catch(() => {});
  }

  /** Resolves once the context runs, resuming it at the person's first click or key if it must wait. */
  private running(context: AudioContext): Promise<void> {
    if (context.state === "running") return Promise.resolve();
    return new Promise((resolve) => {
      const resume = () => void context.resume().catch(() => {});
      const changed = () => {
        if (context.state === "running") this.stopWaiting();
      };
      const gestures = ["pointerdown", "keydown"] as const;
      for (const gesture of gestures) window.addEventListener(gesture, resume, { capture: true });
      context.addEventListener("statechange", changed);
      // Ends the wait, whether it is running now or closed meanwhile.
      this.stopWaiting = () => {
        for (const gesture of gestures) window.removeEventListener(gesture, resume, { capture: true });
        context.removeEventListener("statechange", changed);
        this.stopWaiting = () => {};
        resolve();
      };
      resume();
    });
  }
}
