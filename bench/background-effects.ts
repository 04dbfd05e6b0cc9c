/**
 * What background blur costs: blur on for both people in a call of two against no effect (see
 * setting-cost.ts), CPU and the camera frames sent a second. BENCH_BG_RUNS windows of
 * BENCH_BG_WINDOW_MS each.
 */
import { benchSetting } from "./setting-cost";

await benchSetting({
  name: "background blur",
  runs: Number(process.env.BENCH_BG_RUNS ?? 7),
  windowMs: Number(process.env.BENCH_BG_WINDOW_MS ?? 5000),
  set: async (page, on) => {
    await page.getByRole("radio", { name: on ? "Blur" : "No effect", exact: true }).check();
    await page.getByText("Blur and pictures are worked out on this device").waitFor({ timeout: 40_000 });
  },
});
