/**
 * What noise suppression costs: RNNoise on for both people in a call of two against the browser's
 * own suppression (see setting-cost.ts). BENCH_NS_RUNS windows of BENCH_NS_WINDOW_MS each.
 */
import { benchSetting } from "./setting-cost";

await benchSetting({
  name: "noise suppression (RNNoise)",
  runs: Number(process.env.BENCH_NS_RUNS ?? 7),
  windowMs: Number(process.env.BENCH_NS_WINDOW_MS ?? 5000),
  set: async (page, on) => {
    const toggle = page.getByRole("button", { name: "Noise suppression" });
    if ((await toggle.getAttribute("aria-pressed")) !== String(on)) await toggle.click();
  },
});
