// The noise suppressor's worklet and WebAssembly, served by the app itself from public/ (nothing is
// fetched from anywhere else at run time). Copied from the package before every build and dev start.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const from = join(root, "node_modules", "@sapphi-red", "web-noise-suppressor", "dist");
const to = join(root, "public", "noise-suppression");
mkdirSync(to, { recursive: true });
for (const [source, target] of [
  ["rnnoise/workletProcessor.js", "rnnoise-worklet.js"],
  ["rnnoise.wasm", "rnnoise.wasm"],
  ["rnnoise_simd.wasm", "rnnoise-simd.wasm"],
]) {
  copyFileSync(join(from, source), join(to, target));
}
