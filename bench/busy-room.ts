/**
 * Joining a busy room: from the sixth person's "Join now" (camera already previewed) until that
 * page has rendered a first frame from each of the five already there. Real Chromium, six pages
 * on this machine, real room server and app.
 */
import type { Page } from "playwright-core";
import { JOIN_MARK } from "../lib/call/room-session";
import { firstFrameMark } from "../lib/media/first-frame";
import { launchChromium, newParticipantContext } from "../tests/support/chromium";
import { joinFromPreJoin } from "../tests/support/meeting-page";
import { createRoom } from "../tests/support/room-client";
import { startAppServer, startPartyServer } from "../tests/support/servers";
import { summarize } from "./stats";

const RUNS = Number(process.env.BENCH_BUSY_RUNS ?? 5);
const ALREADY_THERE = 5;

/** Wall-clock time of the first mark of each name, waiting until all of them are there. */
async function markTimes(page: Page, prefix: string, count: number): Promise<number[]> {
  const handle = await page.waitForFunction(
    ({ prefix, count }) => {
      const marks = performance.getEntriesByType("mark").filter((entry) => entry.name.startsWith(prefix));
      const first = new Map<string, number>();
      for (const mark of marks) if (!first.has(mark.name)) first.set(mark.name, mark.startTime);
      return first.size >= count ? [...first.values()].map((t) => performance.timeOrigin + t) : null;
    },
    { prefix, count },
    { timeout: 60_000, polling: 20 },
  );
  return (await handle.jsonValue()) as number[];
}

async function main() {
  const party = await startPartyServer();
  const app = await startAppServer({ partyHost: party.host });
  const browser = await launchChromium();
  const samples: number[] = [];
  try {
    for (let run = 1; run <= RUNS; run++) {
      const roomId = await createRoom(party.host);
      const contexts = await Promise.all(
        Array.from({ length: ALREADY_THERE + 1 }, () => newParticipantContext(browser)),
      );
      const pages = await Promise.all(contexts.map((context) => context.newPage()));
      for (const [index, page] of pages.slice(0, ALREADY_THERE).entries()) {
        await page.goto(`${app.url}/room/${roomId}`);
        await joinFromPreJoin(page, `P${index}`);
      }
      const sixth = pages[ALREADY_THERE] as Page;
      await sixth.goto(`${app.url}/room/${roomId}`);
      await sixth.getByText("P0, P1 and 3 others are here").waitFor();
      await joinFromPreJoin(sixth, "Sixth");
      const [[joinedAt], frames] = await Promise.all([
        markTimes(sixth, JOIN_MARK, 1),
        markTimes(sixth, firstFrameMark(""), ALREADY_THERE),
      ]);
      const setup = Math.max(...frames) - (joinedAt ?? NaN);
      samples.push(setup);
      console.log(`run ${run}: first frames from all ${ALREADY_THERE} in ${setup.toFixed(0)} ms`);
      await Promise.all(contexts.map((context) => context.close()));
    }
    console.log(
      summarize(`busy room (sixth joining ${ALREADY_THERE}): Join now -> all first frames`, samples),
    );
  } finally {
    await browser.close();
    await app.stop();
    await party.stop();
  }
}

await main();
