/**
 * How long people go without each other's video after the faults a call must survive, from the end
 * of each fault until every pair decodes again:
 * - the person who started the meeting reloads the page (from the reload to both ways decoding);
 * - a later joiner reloads;
 * - someone joins while the room server restarts (from the server's return: all three pairs);
 * - someone joins while one member is cut off from the server (from the cut's end: all three pairs);
 * - two of four people reload at the same moment while another program keeps one of the machine's
 *   cores busy (from the reloads to all six pairs), as on a laptop that is doing something else.
 */
import { spawn } from "node:child_process";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../tests/support/chromium";
import { creatorOfMeeting, joinedParticipant } from "../tests/support/e2e-browser";
import { remoteVideoStats } from "../tests/support/meeting-page";
import { startAppServer, startPartyServer, type RunningServer } from "../tests/support/servers";
import { summarize } from "./stats";

const RUNS = Number(process.env.BENCH_FAULT_RUNS ?? 9);
const CUT_MS = 3000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True once every page has a tile for each other page, each with frames rising over a short window. */
async function everyPairDecoding(pages: Page[]): Promise<boolean> {
  const before = await Promise.all(pages.map((page) => remoteVideoStats(page)));
  await sleep(200);
  const after = await Promise.all(pages.map((page) => remoteVideoStats(page)));
  return after.every(
    (tiles, i) =>
      tiles.length === pages.length - 1 &&
      tiles.every(
        (tile) => tile.framesDecoded > (before[i]?.find((t) => t.id === tile.id)?.framesDecoded ?? 0),
      ),
  );
}

/** Milliseconds from now until every pair decodes, checked back to back. */
async function untilEveryPairDecodes(pages: Page[], timeoutMs = 120_000): Promise<number> {
  const start = performance.now();
  while (!(await everyPairDecoding(pages))) {
    if (performance.now() - start > timeoutMs) throw new Error("The call did not come back in time.");
  }
  return performance.now() - start;
}

async function measure(label: string, run: () => Promise<number>): Promise<void> {
  const samples: number[] = [];
  for (let n = 1; n <= RUNS; n++) {
    samples.push(await run());
    console.log(`${label} ${n}: ${(samples.at(-1) ?? 0).toFixed(0)} ms`);
  }
  console.log(summarize(`${label} -> every pair decoding again`, samples));
}

async function main() {
  const servers: RunningServer[] = [];
  let browser: Browser | undefined;
  try {
    const party = await startPartyServer();
    servers.push(party);
    const app = await startAppServer({ partyHost: party.host });
    servers.push(app);
    browser = await launchChromium();
    const chromium = browser;
    const { page: ada, roomId } = await creatorOfMeeting(chromium, app.url, "Ada");
    const bea = await joinedParticipant(chromium, app.url, roomId, "Bea");
    await untilEveryPairDecodes([ada, bea]);

    const reload = async (page: Page) => {
      const start = performance.now();
      await page.reload();
      await untilEveryPairDecodes([ada, bea]);
      return performance.now() - start;
    };
    await measure("reload of the meeting's creator", () => reload(ada));
    await measure("reload of a later joiner", () => reload(bea));

    const joinAfter = async (fault: () => Promise<void>) => {
      await fault();
      const start = performance.now();
      const cleo = await joinedParticipant(chromium, app.url, roomId, "Cleo");
      const elapsed = performance.now() - start + (await untilEveryPairDecodes([ada, bea, cleo]));
      await cleo.context().close();
      await untilEveryPairDecodes([ada, bea]);
      return elapsed;
    };
    await measure("join during a room server restart", () =>
      joinAfter(async () => {
        await party.halt();
        await party.resume();
      }),
    );
    await measure("join while one member is cut off", async () => {
      await bea.evaluate(
        (ms) =>
          (window as unknown as { __parley: { blockSockets(ms: number): void } }).__parley.blockSockets(ms),
        CUT_MS,
      );
      const cutEnds = performance.now() + CUT_MS;
      const cleo = await joinedParticipant(chromium, app.url, roomId, "Cleo");
      await untilEveryPairDecodes([ada, bea, cleo]);
      const elapsed = performance.now() - cutEnds;
      await cleo.context().close();
      await untilEveryPairDecodes([ada, bea]);
      return elapsed;
    });

    const cy = await joinedParticipant(chromium, app.url, roomId, "Cy");
    const dan = await joinedParticipant(chromium, app.url, roomId, "Dan");
    const four = [ada, bea, cy, dan];
    await untilEveryPairDecodes(four);
    await measure("two of four reloading at once on a busy machine", async () => {
      const hog = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
      try {
        const start = performance.now();
        await Promise.all([ada.reload(), dan.reload()]);
        await untilEveryPairDecodes(four);
        return performance.now() - start;
      } finally {
        hog.kill();
        await untilEveryPairDecodes(four);
      }
    });
  } finally {
    await browser?.close();
    for (const server of servers.reverse()) await server.stop();
  }
}

await main();
