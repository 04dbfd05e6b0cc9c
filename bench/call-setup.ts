/**
 * Call setup time: from the second person's click on "Join now" (camera already previewed, the
 * pre-join screen showing who is there) until both sides have rendered the other's first video frame.
 * Real Chromium, real room server, real app, on loopback; Join pressed at once, and after a second on
 * the pre-join screen. In the same run, as references: PeerJS with its PeerServer (B calls A, A
 * answers), and the floor (two peer connections in one page, no server). Times are wall-clock
 * (timeOrigin + a page's own timestamps), so they compare across pages.
 */
import type { Page } from "playwright-core";
import { firstFrameMark } from "../lib/media/first-frame";
import { launchChromium, newParticipantContext } from "../tests/support/chromium";
import { joinFromPreJoin } from "../tests/support/meeting-page";
import { createRoom } from "../tests/support/room-client";
import { startAppServer, startPartyServer } from "../tests/support/servers";
import { measureLoopbackSetup } from "./loopback-reference";
import { armedTime, armMark, armValue } from "./page-waits";
import { startPeerjsReference } from "./peerjs-reference";
import { median, summarize } from "./stats";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP_RUNS = 2;
const FIRST_FRAME = firstFrameMark("");
/** The goals: at most this much of PeerJS's time, and of the floor's. */
const GOAL = { peerjs: 0.8, floor: 1.5 };

/** Presses Join now as a person would, noting when the click happened (the event's own time). */
async function clickJoin(page: Page): Promise<void> {
  await page.getByRole("textbox", { name: "Your name" }).fill("Second");
  await armValue(page, "joinClickedAt");
  await page.evaluate(() => {
    document.addEventListener(
      "click",
      (event) => {
        (window as unknown as { joinClickedAt: number }).joinClickedAt =
          performance.timeOrigin + event.timeStamp;
      },
      { capture: true, once: true },
    );
  });
  await page.getByRole("button", { name: "Join now", disabled: false }).click();
}

interface Milestone {
  event: string;
  at: number;
}

const milestonesOf = (page: Page) =>
  page.evaluate(() => (window as unknown as { __parley: { milestones: Milestone[] } }).__parley.milestones);

/**
 * When each step of the first call is done, counted from the click (see RECORDER_SCRIPT's events);
 * in an open meeting the call connects from the pre-join screen, so most come before it (negative).
 */
const PHASES = [
  "offer reaches the first person",
  "first person has answered",
  "answer applied by the second",
  "ICE connected (both)",
  "DTLS done, connected (both)",
  "first frames rendered (both)",
];

/**
 * One Parley call: the first person in the meeting, the second on the pre-join screen, who presses
 * Join now `waitMs` after seeing who is there. Milliseconds from the click to both first frames, and
 * each phase's time since the click.
 */
async function parleyCall(
  pages: { first: Page; second: Page },
  app: { url: string },
  partyHost: string,
  waitMs: number,
): Promise<{ setup: number; phases: number[]; trace: string }> {
  const { first, second } = pages;
  const roomId = await createRoom(partyHost);
  await first.goto(`${app.url}/room/${roomId}`);
  await joinFromPreJoin(first, "First");
  await second.goto(`${app.url}/room/${roomId}`);
  await second.getByText("First is here").waitFor();
  if (waitMs > 0) await second.waitForTimeout(waitMs);
  await Promise.all([armMark(first, FIRST_FRAME), armMark(second, FIRST_FRAME)]);
  await clickJoin(second);
  const [secondSeesFirst, firstSeesSecond] = await Promise.all([
    armedTime(second, FIRST_FRAME),
    armedTime(first, FIRST_FRAME),
  ]);
  const clickedAt = await armedTime(second, "joinClickedAt");
  const setup = Math.max(secondSeesFirst, firstSeesSecond) - clickedAt;
  const [firstEvents, secondEvents] = await Promise.all([milestonesOf(first), milestonesOf(second)]);
  // Each page is new in each run, so the first of each event is this call's: negative when the call
  // got that far from the pre-join screen, before the click.
  const after = (events: Milestone[], event: string) =>
    (events.find((e) => e.event === event)?.at ?? NaN) - clickedAt;
  const phases = [
    after(firstEvents, "ws-in:signal"),
    after(firstEvents, "signaling:stable"),
    after(secondEvents, "signaling:stable"),
    Math.max(after(firstEvents, "ice:connected"), after(secondEvents, "ice:connected")),
    Math.max(after(firstEvents, "connection:connected"), after(secondEvents, "connection:connected")),
    setup,
  ];
  const trace = (
    [
      ["first", firstEvents],
      ["second", secondEvents],
    ] as const
  )
    .map(
      ([who, events]) =>
        `${who} ${events.map((e) => `${e.event}@${(e.at - clickedAt).toFixed(0)}`).join(" ")}`,
    )
    .join("\n")
    .concat(
      `\nfirst frames: the first person's ${(firstSeesSecond - clickedAt).toFixed(0)} ms, the second's ${(secondSeesFirst - clickedAt).toFixed(0)} ms`,
    );
  // The call ends before anything else is measured, so it does not compete with it.
  await Promise.all([first.goto("about:blank"), second.goto("about:blank")]);
  return { setup, phases, trace };
}

async function main() {
  const party = await startPartyServer();
  const app = await startAppServer({ partyHost: party.host });
  const browser = await launchChromium();
  const [first, second, reference] = await Promise.all([
    newParticipantContext(browser).then((context) => context.newPage()),
    newParticipantContext(browser).then((context) => context.newPage()),
    newParticipantContext(browser).then((context) => context.newPage()),
  ]);
  const peerjs = await startPeerjsReference(browser);
  await reference.goto(app.url);
  // Run by run, one of each in turn, so that all see the same load on a shared machine.
  const samples = {
    atOnce: [] as number[],
    afterASecond: [] as number[],
    peerjs: [] as number[],
    floor: [] as number[],
  };
  const phases: number[][] = PHASES.map(() => []);
  try {
    for (let run = 0; run < RUNS + WARMUP_RUNS; run++) {
      const atOnce = await parleyCall({ first, second }, app, party.host, 0);
      if (process.env.BENCH_TRACE) console.log(atOnce.trace);
      const afterASecond = await parleyCall({ first, second }, app, party.host, 1000);
      if (process.env.BENCH_TRACE) console.log(afterASecond.trace);
      const peerjsSetup = await peerjs.measure();
      const floor = (await measureLoopbackSetup(reference)).firstFrames;
      if (run >= WARMUP_RUNS) {
        samples.atOnce.push(atOnce.setup);
        samples.afterASecond.push(afterASecond.setup);
        samples.peerjs.push(peerjsSetup);
        samples.floor.push(floor);
        PHASES.forEach((_, i) => phases[i]?.push(atOnce.phases[i] ?? NaN));
      }
      process.stdout.write(
        `run ${run + 1 - WARMUP_RUNS}: Parley ${atOnce.setup.toFixed(1)} ms (after 1 s: ${afterASecond.setup.toFixed(1)}), ` +
          `PeerJS ${peerjsSetup.toFixed(1)} ms, floor ${floor.toFixed(1)} ms\n`,
      );
    }
    console.log(
      summarize("call setup, Join now pressed at once (click -> both first frames)", samples.atOnce),
    );
    // Each phase as time since the click (negative: before it), so the biggest jump is the slow step.
    PHASES.forEach((phase, i) => console.log(summarize(`  ${phase}`, phases[i] ?? [])));
    console.log(
      summarize("call setup, Join now pressed after 1 s on the pre-join screen", samples.afterASecond),
    );
    console.log(
      summarize("PeerJS 1.5.5 and PeerServer 1.0.2 (click Call -> both first frames)", samples.peerjs),
    );
    console.log(summarize("floor: two peer connections in one page, no server", samples.floor));
    for (const [label, parley] of [
      ["at once", samples.atOnce],
      ["after 1 s", samples.afterASecond],
    ] as const) {
      const toPeerjs = median(parley) / median(samples.peerjs);
      const toFloor = median(parley) / median(samples.floor);
      console.log(
        `Parley (${label}): ${toPeerjs.toFixed(2)}x PeerJS (goal at most ${GOAL.peerjs}x), ` +
          `${toFloor.toFixed(2)}x the floor (goal at most ${GOAL.floor}x)`,
      );
    }
  } finally {
    await peerjs.close();
    await browser.close();
    await app.stop();
    await party.stop();
  }
}

await main();
