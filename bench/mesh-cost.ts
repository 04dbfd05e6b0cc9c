/**
 * What a mesh call costs one browser: CPU and memory of Chromium (all its processes, divided by the
 * number of participants, since they share one machine here) in calls of 2, 4 and 6 people, with the
 * send limits that size each link for the room, and without them (setParameters made a no-op).
 */
import { readFileSync, readdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { launchChromium, newParticipantContext } from "../tests/support/chromium";
import { joinFromPreJoin, remoteVideoStats } from "../tests/support/meeting-page";
import { createRoom } from "../tests/support/room-client";
import { startAppServer, startPartyServer } from "../tests/support/servers";

const SIZES = [2, 4, 6];
const WINDOW_MS = Number(process.env.BENCH_MESH_WINDOW_MS ?? 10_000);
const TICKS_PER_SECOND = 100;
const PAGE_SIZE = 4096;

/** Plain JavaScript for the page: without it, every link sends at full rate whatever the room. */
const WITHOUT_LIMITS = `RTCRtpSender.prototype.setParameters = async function () {};`;

/** CPU ticks and resident memory of every Chromium process on this machine. */
function chromiumUsage(): { ticks: number; rssBytes: number } {
  let ticks = 0;
  let rssBytes = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!cmdline.includes("chromium")) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
      rssBytes += Number(fields[21]) * PAGE_SIZE;
    } catch {
      // A process that ended meanwhile.
    }
  }
  return { ticks, rssBytes };
}

async function measure(browser: Browser, appUrl: string, partyHost: string, size: number, limits: boolean) {
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
  await pages[0]?.waitForTimeout(3000);
  const before = chromiumUsage();
  const started = performance.now();
  await pages[0]?.waitForTimeout(WINDOW_MS);
  const after = chromiumUsage();
  const seconds = (performance.now() - started) / 1000;
  const cpuPercent = ((after.ticks - before.ticks) / TICKS_PER_SECOND / seconds) * 100;
  await Promise.all(pages.map((page) => page.context().close()));
  return { cpuPerBrowser: cpuPercent / size, memoryPerBrowserMb: after.rssBytes / size / 1024 / 1024 };
}

async function main() {
  const party = await startPartyServer();
  const app = await startAppServer({ partyHost: party.host });
  const browser = await launchChromium();
  try {
    for (const size of SIZES) {
      for (const limits of [true, false]) {
        const { cpuPerBrowser, memoryPerBrowserMb } = await measure(
          browser,
          app.url,
          party.host,
          size,
          limits,
        );
        console.log(
          `mesh of ${size}, ${limits ? "with" : "without"} send limits: ` +
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
