/**
 * Where the main threads' time goes during a join: a JavaScript CPU profile (Chromium's sampling
 * profiler, 100 µs) of both pages, from the second person's click on Join now until both have the
 * other's first frame. Prints, per page, the functions with the most self time in that window (with
 * their source), and the window's length. Not part of `npm run bench`: a tool for finding what to
 * move out of the way of call setup. BENCH_PROFILE_RUNS calls (default 5), summed.
 */
import type { CDPSession, Page } from "playwright-core";
import { firstFrameMark } from "../lib/media/first-frame";
import { armedTime, armMark } from "./page-waits";
import { launchChromium, newParticipantContext } from "../tests/support/chromium";
import { joinFromPreJoin } from "../tests/support/meeting-page";
import { createRoom } from "../tests/support/room-client";
import { startAppServer, startPartyServer } from "../tests/support/servers";

const RUNS = Number(process.env.BENCH_PROFILE_RUNS ?? 5);
const TOP = Number(process.env.BENCH_PROFILE_TOP ?? 25);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Milliseconds of self time per function. The profile runs from just before the click until just
 * after both first frames (a few milliseconds of reading them, mostly idle, included).
 */
function selfTimes(profile: Profile, into: Map<string, number>) {
  const names = new Map(
    profile.nodes.map((node) => {
      const { functionName, url, lineNumber, columnNumber } = node.callFrame;
      const file = url.split("/").at(-1) ?? "";
      return [node.id, `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}:${columnNumber + 1}`];
    }),
  );
  // Each sample stands for the time until the next one (microseconds).
  for (let i = 0; i < profile.samples.length; i++) {
    const name = names.get(profile.samples[i] ?? -1) ?? "?";
    const lasted = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
    into.set(name, (into.get(name) ?? 0) + lasted / 1000);
  }
}

async function startProfiling(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Profiler.start");
  return cdp;
}

const FIRST_FRAME = firstFrameMark("");

function printTop(label: string, times: Map<string, number>, windowMs: number) {
  const total = [...times.values()].reduce((sum, ms) => sum + ms, 0);
  console.log(`\n${label}: ${total.toFixed(1)} ms sampled in ${windowMs.toFixed(1)} ms of windows`);
  for (const [name, ms] of [...times].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${name}`);
  }
}

async function main() {
  const party = await startPartyServer();
  const app = await startAppServer({ partyHost: party.host });
  const browser = await launchChromium();
  const [first, second] = await Promise.all(
    [0, 1].map(async () => (await newParticipantContext(browser)).newPage()),
  );
  const totals = { first: new Map<string, number>(), second: new Map<string, number>() };
  let windows = 0;
  try {
    for (let run = 0; run < RUNS; run++) {
      const roomId = await createRoom(party.host);
      await first!.goto(`${app.url}/room/${roomId}`);
      await joinFromPreJoin(first!, "First");
      await second!.goto(`${app.url}/room/${roomId}`);
      await second!.getByText("First is here").waitFor();
      await second!.getByRole("textbox", { name: "Your name" }).fill("Second");
      await Promise.all([armMark(first!, FIRST_FRAME), armMark(second!, FIRST_FRAME)]);
      const sessions = await Promise.all([startProfiling(first!), startProfiling(second!)]);
      const clickedAt = Date.now();
      await second!.getByRole("button", { name: "Join now", disabled: false }).click();
      const done = Math.max(
        ...(await Promise.all([armedTime(first!, FIRST_FRAME), armedTime(second!, FIRST_FRAME)])),
      );
      windows += done - clickedAt;
      for (const [cdp, into] of [
        [sessions[0], totals.first],
        [sessions[1], totals.second],
      ] as const) {
        const { profile } = (await cdp.send("Profiler.stop")) as { profile: Profile };
        selfTimes(profile, into);
        await cdp.detach();
      }
      console.log(`run ${run + 1}: ${(done - clickedAt).toFixed(1)} ms from the click to both first frames`);
      await Promise.all([first!.goto("about:blank"), second!.goto("about:blank")]);
    }
    printTop("The person already in the call", totals.first, windows);
    printTop("The person joining", totals.second, windows);
  } finally {
    await browser.close();
    await app.stop();
    await party.stop();
  }
}

await main();
