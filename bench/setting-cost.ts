/**
 * What a setting costs in a call of two: Chromium's CPU (all its processes, per participant) and the
 * camera frames each page sends a second, with the setting on for both and off for both, in
 * alternating windows so that the machine's drift falls on both alike. Medians of `runs` windows.
 */
import type { Page } from "playwright-core";
import { launchChromium } from "../tests/support/chromium";
import { createRoom } from "../tests/support/room-client";
import { startAppServer, startPartyServer } from "../tests/support/servers";
import { closeAll, flowing, joined } from "./pages";
import { cpuPercent, processUsage } from "./process-usage";
import { summarize } from "./stats";

export interface SettingBench {
  /** What is measured, as printed: "noise suppression", "background blur". */
  name: string;
  /** Puts the setting on or off in a page whose Settings panel is open, as a person would. */
  set(page: Page, on: boolean): Promise<void>;
  runs: number;
  windowMs: number;
  launchOptions?: Parameters<typeof launchChromium>[0];
}

/** Camera frames the page's calls have sent so far. */
function framesSent(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const { peerConnections } = (window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } })
      .__parley;
    let frames = 0;
    for (const pc of peerConnections) {
      if (pc.connectionState !== "connected") continue;
      (await pc.getStats()).forEach((report: { type: string; kind?: string; framesSent?: number }) => {
        if (report.type === "outbound-rtp" && report.kind === "video") frames += report.framesSent ?? 0;
      });
    }
    return frames;
  });
}

async function measureWindow(pages: Page[], windowMs: number): Promise<{ cpu: number; fps: number }> {
  const frames = await Promise.all(pages.map(framesSent));
  const before = processUsage("chromium");
  const started = performance.now();
  await pages[0]?.waitForTimeout(windowMs);
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuPercent(before, processUsage("chromium"), seconds) / pages.length;
  const after = await Promise.all(pages.map(framesSent));
  const sent = after.reduce((sum, count, i) => sum + count - (frames[i] ?? 0), 0);
  return { cpu, fps: sent / seconds / pages.length };
}

export async function benchSetting({
  name,
  set,
  runs,
  windowMs,
  launchOptions,
}: SettingBench): Promise<void> {
  const party = await startPartyServer();
  const app = await startAppServer({ partyHost: party.host });
  const browser = await launchChromium(launchOptions);
  try {
    const roomId = await createRoom(party.host);
    const pages = [await joined(browser, app, roomId, "Ada"), await joined(browser, app, roomId, "Bea")];
    for (const page of pages) {
      await flowing(page, 1);
      await page.getByRole("button", { name: "Settings", exact: true }).click();
    }
    const samples = {
      on: { cpu: [] as number[], fps: [] as number[] },
      off: { cpu: [] as number[], fps: [] as number[] },
    };
    for (let run = 0; run < runs; run++) {
      for (const on of [true, false]) {
        for (const page of pages) await set(page, on);
        // Let the switch settle before measuring.
        await pages[0]?.waitForTimeout(1500);
        const { cpu, fps } = await measureWindow(pages, windowMs);
        samples[on ? "on" : "off"].cpu.push(cpu);
        samples[on ? "on" : "off"].fps.push(fps);
      }
    }
    for (const state of ["on", "off"] as const) {
      console.log(summarize(`${name} ${state}, CPU per participant`, samples[state].cpu, "% of a core"));
      console.log(
        summarize(`${name} ${state}, camera frames sent per participant`, samples[state].fps, " fps"),
      );
    }
    await closeAll(pages);
  } finally {
    await browser.close();
    await app.stop();
    await party.stop();
  }
}
