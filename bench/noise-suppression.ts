/**
 * What noise suppression costs: Chromium's CPU (all its processes, per participant) in a call of two,
 * with RNNoise on for both and with it off (the browser's own suppression), in alternating windows so
 * that the machine's drift falls on both alike. Medians of BENCH_NS_RUNS windows each.
 */
import type { Page } from "playwright-core";
import { launchChromium } from "../tests/support/chromium";
import { createRoom } from "../tests/support/room-client";
import { startAppServer, startPartyServer } from "../tests/support/servers";
import { closeAll, flowing, joined } from "./pages";
import { cpuPercent, processUsage } from "./process-usage";
import { summarize } from "./stats";

const RUNS = Number(process.env.BENCH_NS_RUNS ?? 7);
const WINDOW_MS = Number(process.env.BENCH_NS_WINDOW_MS ?? 5000);

/** Sets noise suppression on a page through its Settings panel, as a person would. */
async function setSuppression(page: Page, on: boolean): Promise<void> {
  const toggle = page.getByRole("button", { name: "Noise suppression" });
  if ((await toggle.getAttribute("aria-pressed")) !== String(on)) await toggle.click();
}

async function cpuOver(pages: Page[]): Promise<number> {
  const before = processUsage("chromium");
  const started = performance.now();
  await pages[0]?.waitForTimeout(WINDOW_MS);
  return cpuPercent(before, processUsage("chromium"), (performance.now() - started) / 1000) / pages.length;
}

async function main() {
  const party = await startPartyServer();
  const app = await startAppServer({ partyHost: party.host });
  const browser = await launchChromium();
  try {
    const roomId = await createRoom(party.host);
    const pages = [await joined(browser, app, roomId, "Ada"), await joined(browser, app, roomId, "Bea")];
    for (const page of pages) {
      await flowing(page, 1);
      await page.getByRole("button", { name: "Settings", exact: true }).click();
    }
    const samples = { on: [] as number[], off: [] as number[] };
    for (let run = 0; run < RUNS; run++) {
      for (const on of [true, false]) {
        for (const page of pages) await setSuppression(page, on);
        // Let the switch settle before measuring.
        await pages[0]?.waitForTimeout(1000);
        samples[on ? "on" : "off"].push(await cpuOver(pages));
      }
    }
    console.log(summarize("noise suppression on (RNNoise), CPU per participant", samples.on, "% of a core"));
    console.log(
      summarize("noise suppression off (the browser's own), CPU per participant", samples.off, "% of a core"),
    );
    await closeAll(pages);
  } finally {
    await browser.close();
    await app.stop();
    await party.stop();
  }
}

await main();
