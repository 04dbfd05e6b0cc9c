// What noise suppression and background effects need at run time, served by the app itself from
// public/ (nothing is fetched from anywhere else): the noise suppressor's worklet and WebAssembly, and
// MediaPipe's WebAssembly with the selfie-segmentation model. Copied from their packages before every
// build and dev start.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const packages = join(root, "node_modules");
const copies = {
  "noise-suppression": [
    ["@sapphi-red/web-noise-suppressor/dist/rnnoise/workletProcessor.js", "rnnoise-worklet.js"],
    ["@sapphi-red/web-noise-suppressor/dist/rnnoise.wasm", "rnnoise.wasm"],
    ["@sapphi-red/web-noise-suppressor/dist/rnnoise_simd.wasm", "rnnoise-simd.wasm"],
  ],
  "background-effects": [
    ["@mediapipe/tasks-vision/wasm/vision_wasm_internal.js", "vision_wasm_internal.js"],
    ["@mediapipe/tasks-vision/wasm/vision_wasm_internal.wasm", "vision_wasm_internal.wasm"],
    // The same model as MediaPipe's own, with the metadata its Tasks API needs to prepare frames.
    [
      "@twilio/video-processors/dist/build/selfie_segmentation_landscape.tflite",
      "selfie_segmentation_landscape.tflite",
    ],
  ],
};
for (const [folder, files] of Object.entries(copies)) {
  const to = join(root, "public", folder);
  mkdirSync(to, { recursive: true });
  for (const [source, target] of files) copyFileSync(join(packages, source), join(to, target));
}
