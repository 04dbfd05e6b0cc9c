/**
 * Call setup time: from the second person pressing "Join now" (camera already previewed) until both
 * sides have rendered the other's first video frame. Real Chromium, real room server, real app, on
 * loopback. Both pages put User Timing marks in their own timelines; timeOrigin + startTime turns
 * them into wall-clock times that can be compared across the two pages.
 */
import type { Page } from "playwright-core";
import { JOIN_MARK } from "../lib/call/room-session";
import { launchChromium, newParticipantContext } from "../tests/support/chromium";
import { joinFromPreJoin } from "../tests/support/meeting-page";
import { createRoom } from "../tests/support/room-client";
import { startAppServer, startPartyServer } from "../tests/support/servers";
import { measureLoopbackSetup } from "./loopback-reference";
import { summarize } from "./stats";

const RUNS = Number(process.env.BENCH_RUNS ?? 25);
const WARMUP_RUNS = 2;

async function markTime(page: Page, prefix: string): Promise<number> {
  const handle = await page.waitForFunction(
    (prefix) => {
      const mark = performance.getEntriesByType("mark").find((entry) => entry.name.startsWith(prefix));
      return mark ? performance.timeOrigin + mark.startTime : null;
    },
    prefix,
    { timeout: 30_000, polling: 10 },
  );
  return (await handle.jsonValue()) as number;
}

async function main() {
  const party = await startPartyServer();
  const app = await startAppServer({ partyHost: party.host });
  const browser = await launchChromium();
  const [first, second] = await Promise.all([
    newParticipantContext(browser).then((context) => context.newPage()),
    newParticipantContext(browser).then((context) => context.newPage()),
  ]);
  const samples: number[] = [];
  try {
    for (let run = 0; run < RUNS + WARMUP_RUNS; run++) {
      const roomId = await createRoom(party.host);
      await first.goto(`${app.url}/room/${roomId}`);
      await joinFromPreJoin(first, "First");
      await second.goto(`${app.url}/room/${roomId}`);
      await second.getByText("First is here").waitFor();
      await joinFromPreJoin(second, "Second");
      const [joinedAt, secondSeesFirst, firstSeesSecond] = await Promise.all([
        markTime(second, JOIN_MARK),
        markTime(second, "parley:first-frame:"),
        markTime(first, "parley:first-frame:"),
      ]);
      const setup = Math.max(secondSeesFirst, firstSeesSecond) - joinedAt;
      if (process.env.BENCH_TRACE) {
        for (const [who, page] of [
          ["first", first],
          ["second", second],
        ] as const) {
          const events = await page.evaluate(
            () =>
              (window as unknown as { __parley: { milestones: { event: string; at: number }[] } }).__parley
                .milestones,
          );
          console.log(who, events.map((e) => `${e.event}@${(e.at - joinedAt).toFixed(0)}`).join(" "));
        }
        console.log(
          "first frames",
          (secondSeesFirst - joinedAt).toFixed(0),
          (firstSeesSecond - joinedAt).toFixed(0),
        );
      }
      if (run >= WARMUP_RUNS) samples.push(setup);
      process.stdout.write(`run ${run + 1 - WARMUP_RUNS}: ${setup.toFixed(1)} ms\n`);
    }
    console.log(summarize("call setup (Join now -> both first frames)", samples));

    // The same machine's floor, measured in the same run: two peer connections in one page, no server.
    await first.goto(app.url);
    const floor: number[] = [];
    for (let run = 0; run < RUNS + WARMUP_RUNS; run++) {
      const setup = await measureLoopbackSetup(first);
      if (run >= WARMUP_RUNS) floor.push(setup);
    }
    console.log(summarize("floor: two peer connections in one page, no server", floor));
  } finally {
    await browser.close();
    await app.stop();
    await party.stop();
  }
}

await main();
