/** What the page and the background worker say to each other. */

/** What goes behind the person, as the worker needs it: pictures already decoded. */
export type WorkerBackground = { kind: "blur" } | { kind: "image"; image: ImageBitmap };

export type ToWorker =
  | {
      type: "start";
      /** The camera's frames: VideoFrames where the browser offers them, ImageBitmaps otherwise. */
      frames: ReadableStream<VideoFrame | ImageBitmap>;
      /** Where the result is drawn: the page records this canvas as the track the calls send. */
      canvas: OffscreenCanvas;
      /** Where the segmentation model and its WebAssembly are served. */
      assets: string;
      background: WorkerBackground;
    }
  | { type: "background"; background: WorkerBackground }
  /** The camera is off: frames are let go without the work. */
  | { type: "pause"; paused: boolean };

export type FromWorker =
  | { type: "ready" }
  | { type: "failed"; reason: string }
  /** Once a second: frames done in that second and the time they took, to tell if it keeps up. */
  | { type: "load"; frames: number; busyMs: number };
