/**
 * The page's side of background blur and replacement: it hands the camera's frames to a worker (the
 * segmentation runs there), shows what comes back on a canvas it records as the track to send (no
 * copy: the frames are handed over, not drawn), and turns the effect off by itself when the device
 * cannot keep up.
 */
import { BUILT_IN_BACKGROUNDS, type BackgroundChoice } from "./choice";
import { cameraFrames, type CameraFrames } from "./camera-frames";
import { KeepUpMonitor } from "./keep-up";
import type { FromWorker, ToWorker, WorkerBackground } from "./worker-protocol";

/** Where the model and its WebAssembly are served (copied from their packages at build time). */
const ASSETS = "/background-effects";
/** The model and its 13 MB of WebAssembly load on first use; past this, it is not going to. */
const START_TIMEOUT_MS = 30_000;

/** What the LocalMediaController needs of an effect (the tests give it a plain one). */
export interface CameraEffect {
  /** A copy of `raw` with `choice` behind the person, once it runs; null where it cannot. */
  start(raw: MediaStreamTrack, choice: BackgroundChoice): Promise<MediaStreamTrack | null>;
  setBackground(choice: BackgroundChoice): Promise<void>;
  /** The camera is off: no work until it is on again. */
  setPaused(paused: boolean): void;
  close(): void;
}

export type EffectStop = "slow" | "failed";

export class BackgroundEffect implements CameraEffect {
  private worker: Worker | null = null;
  private frames: CameraFrames | null = null;
  private output: MediaStreamTrack | null = null;
  private closed = false;
  /** Ends a start still waiting for the worker: closed meanwhile, it is not going to be wanted. */
  private abandonStart: () => void = () => {};
  /** Pictures decode in order, so the last one chosen is the one that shows. */
  private sending: Promise<unknown> = Promise.resolve();

  /**
   * `stopped`: once running, the effect could not go on, because the device could not keep up or the
   * worker failed; it is then the caller's to close.
   */
  constructor(private readonly stopped: (reason: EffectStop) => void) {}

  async start(raw: MediaStreamTrack, choice: BackgroundChoice): Promise<MediaStreamTrack | null> {
    if (typeof Worker === "undefined" || typeof OffscreenCanvas === "undefined") return null;
    const first = workerBackground(choice).catch(() => null);
    this.sending = first;
    const background = await first;
    if (this.closed || !background) return null;
    const canvas = document.createElement("canvas");
    const { width = 640, height = 480 } = raw.getSettings();
    canvas.width = width;
    canvas.height = height;
    const shown = canvas.getContext("bitmaprenderer");
    const output = canvas.captureStream().getVideoTracks()[0];
    if (!output || !shown) return null;
    this.output = output;
    this.frames = cameraFrames(raw);
    const worker = new Worker(new URL("./effect-worker.ts", import.meta.url));
    this.worker = worker;
    const started = this.started(worker, shown);
    this.post({ type: "start", frames: this.frames.frames, assets: ASSETS, background }, [
      this.frames.frames,
    ]);
    if (!(await started) || this.closed) {
      this.close();
      return null;
    }
    return output;
  }

  async setBackground(choice: BackgroundChoice): Promise<void> {
    const sent = this.sending
      .then(() => workerBackground(choice))
      .then((background) => {
        if (background && !this.closed) this.post({ type: "background", background });
      })
      .catch((error: unknown) => console.warn("That background couldn't be shown:", error));
    this.sending = sent;
    await sent;
  }

  setPaused(paused: boolean): void {
    this.post({ type: "pause", paused });
  }

  close(): void {
    this.closed = true;
    this.abandonStart();
    this.worker?.terminate();
    this.worker = null;
    this.frames?.stop();
    this.output?.stop();
  }

  private post(message: ToWorker, transfer: Transferable[] = []) {
    this.worker?.postMessage(message, transfer);
  }

  /** True once the worker runs; false if it fails or takes too long. Then watches that it keeps up. */
  private started(worker: Worker, shown: ImageBitmapRenderingContext): Promise<boolean> {
    const monitor = new KeepUpMonitor();
    let running = false;
    return new Promise((resolve) => {
      const timeout = setTimeout(() => settle(false), START_TIMEOUT_MS);
      const settle = (ready: boolean) => {
        this.abandonStart = () => {};
        clearTimeout(timeout);
        running = ready;
        resolve(ready);
      };
      this.abandonStart = () => settle(false);
      worker.addEventListener("error", (event) => {
        console.warn("Background effects failed:", event.message);
        if (running && !this.closed) this.stopped("failed");
        settle(false);
      });
      worker.addEventListener("message", ({ data }: MessageEvent<FromWorker>) => {
        if (data.type === "frame") shown.transferFromImageBitmap(data.frame);
        else if (data.type === "ready") settle(true);
        else if (data.type === "failed") {
          console.warn("Background effects failed:", data.reason);
          if (running && !this.closed) this.stopped("failed");
          settle(false);
        } else if (monitor.second(data.frames, data.busyMs) && !this.closed) this.stopped("slow");
      });
    });
  }
}

/** A built-in picture is fetched and decoded here, once per choice; a blur needs nothing. */
async function workerBackground(choice: BackgroundChoice): Promise<WorkerBackground | null> {
  if (choice.kind === "blur") return { kind: "blur" };
  if (choice.kind === "upload") return { kind: "image", image: choice.image };
  if (choice.kind === "none") return null;
  const url = BUILT_IN_BACKGROUNDS.find((background) => background.id === choice.id)?.url;
  return url ? { kind: "image", image: await decodePicture(url) } : null;
}

/** SVG and every other picture format the browser knows, decoded through an image element. */
async function decodePicture(url: string): Promise<ImageBitmap> {
  const image = new Image();
  image.src = url;
  await image.decode();
  // SVGs without a size of their own are drawn at the size of a camera frame.
  return createImageBitmap(image, {
    resizeWidth: image.naturalWidth || 1280,
    resizeHeight: image.naturalHeight || 720,
  });
}
