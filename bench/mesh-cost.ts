/**
 * What a mesh call costs one browser: CPU and memory of Chromium (all its processes, divided by the
 * number of participants, since they share one machine here) in calls of 2, 4 and 6 people: without
 * any adaptation (setParameters made a no-op), with the send limits that size each link for the room,
 * and with those limits while everyone has one person pinned, so that the others are thumbnails that
 * each receiver asks for at thumbnail size.
 */
import type { Browser, Page } from "playwright-core";
import { launchChromium, newParticipantContext } from "../tests/support/chromium";
import { joinFromPreJoin, REMOTE_CAMERA_TILES, remoteVideoStats } from "../tests/support/meeting-page";
import { createRoom } from "../tests/support/room-client";
import { startAppServer, startPartyServer } from "../tests/support/servers";
import { cpuPercent, processUsage } from "./process-usage";

const SIZES = [2, 4, 6];
const WINDOW_MS = Number(process.env.BENCH_MESH_WINDOW_MS ?? 10_000);
/** Plain JavaScript for the page: without it, every link sends at full rate whatever the room. */
const WITHOUT_LIMITS = `RTCRtpSender.prototype.setParameters = async function () {};`;

type Variant = "without adaptation" | "with send limits" | "with send limits, one person pinned";

async function measure(browser: Browser, appUrl: string, partyHost: string, size: number, variant: Variant) {
  const limits = variant !== "without adaptation";
  const roomId = await createRoom(partyHost);
  const pages: Page[] = [];
  for (let n = 0; n < size; n++) {
    const context = await newParticipantContext(browser);
    if (!limits) await context.addInitScript({ content: WITHOUT_LIMITS });
    const page = await context.newPage();
    await page.goto(`${appUrl}/room/${roomId}`);
    await joinFromPreJoin(page, `P${n}`);
    pages.push(page);
  }
  // Everyone sees everyone before the window starts.
  for (const page of pages) {
    while ((await remoteVideoStats(page)).filter((t) => t.framesDecoded > 0).length < size - 1) {
      await page.waitForTimeout(250);
    }
  }
  if (variant === "with send limits, one person pinned") {
    // Everyone pins P0 (P0 pins P1): the rest of the call is a filmstrip of thumbnails.
    for (const [n, page] of pages.entries()) {
      const pinned = page.locator(REMOTE_CAMERA_TILES, { hasText: n === 0 ? "P1" : "P0" });
      await pinned.getByRole("button", { name: `Pin ${n === 0 ? "P1" : "P0"}` }).click();
    }
  }
  await pages[0]?.waitForTimeout(3000);
  const before = processUsage("chromium");
  const started = performance.now();
  await pages[0]?.waitForTimeout(WINDOW_MS);
  const after = processUsage("chromium");
  const cpu = cpuPercent(before, after, (performance.now() - started) / 1000);
  await Promise.all(pages.map((page) => page.context().close()));
  return { cpuPerBrowser: cpu / size, memoryPerBrowserMb: after.rssBytes / size / 1024 / 1024 };
}

async function main() {
  const party = await startPartyServer();
  const app = await startAppServer({ partyHost: party.host });
  const browser = await launchChromium();
  try {
    for (const size of SIZES) {
      const variants: Variant[] = ["without adaptation", "with send limits"];
      // With two people, pinning the only other person changes nothing.
      if (size > 2) variants.push("with send limits, one person pinned");
      for (const variant of variants) {
        const { cpuPerBrowser, memoryPerBrowserMb } = await measure(
          browser,
          app.url,
          party.host,
          size,
          variant,
        );
        console.log(
          `mesh of ${size}, ${variant}: ` +
            `${cpuPerBrowser.toFixed(0)}% of a core and ${memoryPerBrowserMb.toFixed(0)} MB per participant`,
        );
      }
    }
  } finally {
    await browser.close();
    await app.stop();
    await party.stop();
  }
}

await main();
