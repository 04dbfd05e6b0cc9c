/**
 * Background blur and replacement, off the page's main thread: each camera frame goes through
 * MediaPipe's selfie segmentation (a small model, 256x144, on the CPU through XNNPACK), and the frame
 * is drawn again with the person over a blurred copy of itself or over a picture.
 */
import { FilesetResolver, ImageSegmenter } from "@mediapipe/tasks-vision";
import type { FromWorker, ToWorker, WorkerBackground } from "./worker-protocol";

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent<ToWorker>) => void): void;
}
const scope = globalThis as unknown as WorkerScope;

/** The model's own input size: frames are shrunk to it once, here, rather than inside the model. */
const MASK_WIDTH = 256;
const MASK_HEIGHT = 144;
/** How much of the last mask stays in the next: less flicker at the person's edges. */
const MASK_MEMORY = 0.3;
/**
 * Blurs are drawn at the model's small size and scaled up, which softens them further: a blur drawn
 * on the full frame cost more than the segmentation itself on a machine without a GPU.
 */
const BACKGROUND_BLUR_PX = 6;
const EDGE_SOFTENING_PX = 1;

let background: WorkerBackground = { kind: "blur" };
let paused = false;

scope.addEventListener("message", ({ data }) => {
  if (data.type === "start") void run(data).catch((error: unknown) => fail(error));
  else if (data.type === "background") background = data.background;
  else paused = data.paused;
});

function fail(error: unknown) {
  scope.postMessage({ type: "failed", reason: error instanceof Error ? error.message : String(error) });
}

async function run({ frames, assets, background: first }: Extract<ToWorker, { type: "start" }>) {
  background = first;
  const segmenter = await createSegmenter(assets);
  const canvas = new OffscreenCanvas(1, 1);
  const output = canvas.getContext("2d");
  const small = new OffscreenCanvas(MASK_WIDTH, MASK_HEIGHT).getContext("2d", { willReadFrequently: true });
  const maskCanvas = new OffscreenCanvas(MASK_WIDTH, MASK_HEIGHT);
  const maskContext = maskCanvas.getContext("2d");
  const softMask = new OffscreenCanvas(MASK_WIDTH, MASK_HEIGHT).getContext("2d");
  const blurred = new OffscreenCanvas(MASK_WIDTH, MASK_HEIGHT).getContext("2d");
  if (!output || !small || !maskContext || !softMask || !blurred)
    throw new Error("No 2D canvas in this worker");
  softMask.filter = `blur(${EDGE_SOFTENING_PX}px)`;
  blurred.filter = `blur(${BACKGROUND_BLUR_PX}px)`;
  const mask = maskContext.createImageData(MASK_WIDTH, MASK_HEIGHT);
  const confidence = new Float32Array(MASK_WIDTH * MASK_HEIGHT);
  scope.postMessage({ type: "ready" });

  let done = 0;
  let busyMs = 0;
  const report = setInterval(() => {
    scope.postMessage({ type: "load", frames: done, busyMs });
    done = 0;
    busyMs = 0;
  }, 1000);
  const reader = frames.getReader();
  try {
    for (;;) {
      const { value: frame, done: ended } = await reader.read();
      if (ended) break;
      if (paused) {
        frame.close();
        continue;
      }
      const started = performance.now();
      const [width, height] = sizeOf(frame);
      small.drawImage(frame, 0, 0, MASK_WIDTH, MASK_HEIGHT);
      const result = segmenter.segmentForVideo(small.canvas, started);
      const person = result.confidenceMasks?.[0]?.getAsFloat32Array();
      if (person) {
        for (let i = 0; i < person.length; i++) {
          const value = MASK_MEMORY * (confidence[i] ?? 0) + (1 - MASK_MEMORY) * (person[i] ?? 0);
          confidence[i] = value;
          mask.data[i * 4 + 3] = value * 255;
        }
      }
      result.close();
      maskContext.putImageData(mask, 0, 0);
      softMask.clearRect(0, 0, MASK_WIDTH, MASK_HEIGHT);
      softMask.drawImage(maskCanvas, 0, 0);
      if (background.kind === "blur") blurred.drawImage(small.canvas, 0, 0);
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      compose(output, frame, softMask.canvas, blurred.canvas, width, height);
      frame.close();
      const finished = canvas.transferToImageBitmap();
      scope.postMessage({ type: "frame", frame: finished }, [finished]);
      done += 1;
      busyMs += performance.now() - started;
    }
  } finally {
    clearInterval(report);
    segmenter.close();
  }
}

async function createSegmenter(assets: string): Promise<ImageSegmenter> {
  // The segmenter takes frames in through WebGL, even on the CPU: without it, say so now rather than
  // fail on the first frame (a headless browser, a blocklisted GPU driver).
  const probe = new OffscreenCanvas(1, 1);
  if (!probe.getContext("webgl2") && !probe.getContext("webgl")) throw new Error("No WebGL in this worker");
  // The bundler starts workers as classic scripts: the loader comes in through importScripts.
  const fileset = await FilesetResolver.forVisionTasks(assets);
  const model = await fetch(`${assets}/selfie_segmentation_landscape.tflite`);
  if (!model.ok) throw new Error(`The segmentation model would not load (${model.status})`);
  return ImageSegmenter.createFromOptions(fileset, {
    baseOptions: { modelAssetBuffer: new Uint8Array(await model.arrayBuffer()), delegate: "CPU" },
    runningMode: "VIDEO",
    outputCategoryMask: false,
    outputConfidenceMasks: true,
  });
}

function sizeOf(frame: VideoFrame | ImageBitmap): [number, number] {
  return "displayWidth" in frame ? [frame.displayWidth, frame.displayHeight] : [frame.width, frame.height];
}

/** The person (where the mask says so, its edges softened) over the chosen background. */
function compose(
  output: OffscreenCanvasRenderingContext2D,
  frame: VideoFrame | ImageBitmap,
  mask: OffscreenCanvas,
  blurred: OffscreenCanvas,
  width: number,
  height: number,
) {
  output.save();
  output.clearRect(0, 0, width, height);
  output.drawImage(mask, 0, 0, width, height);
  output.globalCompositeOperation = "source-in";
  output.drawImage(frame, 0, 0, width, height);
  output.globalCompositeOperation = "destination-over";
  if (background.kind === "blur") output.drawImage(blurred, 0, 0, width, height);
  else drawCovering(output, background.image, width, height);
  output.restore();
}

/** A picture scaled to cover the frame, cut at its centre, as CSS `object-fit: cover` does. */
function drawCovering(
  output: OffscreenCanvasRenderingContext2D,
  image: ImageBitmap,
  width: number,
  height: number,
) {
  const scale = Math.max(width / image.width, height / image.height);
  const drawnWidth = image.width * scale;
  const drawnHeight = image.height * scale;
  output.drawImage(image, (width - drawnWidth) / 2, (height - drawnHeight) / 2, drawnWidth, drawnHeight);
}
