/** What the page and the background worker say to each other. */

/** What goes behind the person, as the worker needs it: pictures already decoded. */
export type WorkerBackground = { kind: "blur" } | { kind: "image"; image: ImageBitmap };

export type ToWorker =
  | {
      type: "start";
      /** The camera's frames: VideoFrames where the browser offers them, ImageBitmaps otherwise. */
      frames: ReadableStream<VideoFrame | ImageBitmap>;
      /** Where the segmentation model and its WebAssembly are served. */
      assets: string;
      background: WorkerBackground;
    }
  | { type: "background"; background: WorkerBackground }
  /** The camera is off: frames are let go without the work. */
  | { type: "pause"; paused: boolean };

export type FromWorker =
  | { type: "ready" }
  /**
   * A finished frame, for the page to show on the canvas it records as the track the calls send.
   * (Firefox will not record a canvas whose drawing was handed to a worker, so frames come back.)
   */
  | { type: "frame"; frame: ImageBitmap }
  | { type: "failed"; reason: string }
  /** Once a second: frames done in that second and the time they took, to tell if it keeps up. */
  | { type: "load"; frames: number; busyMs: number };
