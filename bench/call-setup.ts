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
import { median, summarize } from "./stats";

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

interface Milestone {
  event: string;
  at: number;
}

const milestonesOf = (page: Page) =>
  page.evaluate(() => (window as unknown as { __parley: { milestones: Milestone[] } }).__parley.milestones);

/** When each step of the first call is done, counted from Join now (see RECORDER_SCRIPT's events). */
const PHASES = [
  "offer reaches the first person",
  "first person has answered",
  "answer applied by the second",
  "ICE connected (both)",
  "DTLS done, connected (both)",
  "first frames rendered (both)",
];

async function main() {
  const party = await startPartyServer();
  const app = await startAppServer({ partyHost: party.host });
  const browser = await launchChromium();
  const [first, second, reference] = await Promise.all([
    newParticipantContext(browser).then((context) => context.newPage()),
    newParticipantContext(browser).then((context) => context.newPage()),
    newParticipantContext(browser).then((context) => context.newPage()),
  ]);
  // The same machine's floor, run by run between Parley's (so both see the same load on a shared
  // machine): two peer connections in one page, no server.
  await reference.goto(app.url);
  const floor: number[] = [];
  const floorConnected: number[] = [];
  const samples: number[] = [];
  const phases: number[][] = PHASES.map(() => []);
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
      const [firstEvents, secondEvents] = await Promise.all([milestonesOf(first), milestonesOf(second)]);
      if (process.env.BENCH_TRACE) {
        for (const [who, events] of [
          ["first", firstEvents],
          ["second", secondEvents],
        ] as const) {
          console.log(who, events.map((e) => `${e.event}@${(e.at - joinedAt).toFixed(0)}`).join(" "));
        }
      }
      const after = (events: Milestone[], event: string) =>
        (events.find((e) => e.event === event && e.at >= joinedAt)?.at ?? NaN) - joinedAt;
      const phaseTimes = [
        after(firstEvents, "ws-in:signal"),
        after(firstEvents, "signaling:stable"),
        after(secondEvents, "signaling:stable"),
        Math.max(after(firstEvents, "ice:connected"), after(secondEvents, "ice:connected")),
        Math.max(after(firstEvents, "connection:connected"), after(secondEvents, "connection:connected")),
        setup,
      ];
      if (run >= WARMUP_RUNS) {
        samples.push(setup);
        PHASES.forEach((_, i) => phases[i]?.push(phaseTimes[i] ?? NaN));
      }
      // The call ends before the floor is measured, so it does not compete with it.
      await Promise.all([first.goto("about:blank"), second.goto("about:blank")]);
      const floorRun = await measureLoopbackSetup(reference);
      if (run >= WARMUP_RUNS) {
        floor.push(floorRun.firstFrames);
        floorConnected.push(floorRun.connected);
      }
      process.stdout.write(
        `run ${run + 1 - WARMUP_RUNS}: ${setup.toFixed(1)} ms (floor ${floorRun.firstFrames.toFixed(1)} ms)\n`,
      );
    }
    console.log(summarize("call setup (Join now -> both first frames)", samples));
    // Each phase as time since Join now, so the step with the biggest jump is the slow one.
    PHASES.forEach((phase, i) => console.log(summarize(`  ${phase}`, phases[i] ?? [])));

    console.log(summarize("floor: two peer connections in one page, no server", floor));
    console.log(summarize("  connected (both)", floorConnected));
    console.log(`ratio of medians: ${(median(samples) / median(floor)).toFixed(2)}x the floor`);
  } finally {
    await browser.close();
    await app.stop();
    await party.stop();
  }
}

await main();
