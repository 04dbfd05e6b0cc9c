/**
 * Recovery times, over repeated faults on a real call between two Chromium pages:
 * - room server restart (killed, started again on the same port and state) to both pages back in
 *   the meeting with the roster right (no "Reconnecting" banner, both listed);
 * - TURN relay outage (coturn killed and started again, calls relay-only) to frames decoding again
 *   on both sides, through ICE restarts.
 */
import type { Page } from "playwright-core";
import { launchChromium, newParticipantContext } from "../tests/support/chromium";
import { joinFromPreJoin, remoteVideoStats } from "../tests/support/meeting-page";
import { createRoom, RoomClient } from "../tests/support/room-client";
import {
  startAppServer,
  startPartyServer,
  startTurnServer,
  type RunningServer,
} from "../tests/support/servers";
import { summarize } from "./stats";

const RUNS = Number(process.env.BENCH_RECOVERY_RUNS ?? 5);
const OUTAGE_MS = 3000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("Did not recover in time.");
    await sleep(50);
  }
}

const frames = async (page: Page) => (await remoteVideoStats(page))[0]?.framesDecoded ?? 0;

/** True once frames have risen on both pages over a short window. */
async function mediaFlowing(pages: Page[]): Promise<boolean> {
  const before = await Promise.all(pages.map(frames));
  await sleep(300);
  const after = await Promise.all(pages.map(frames));
  return after.every((value, i) => value > (before[i] ?? 0));
}

async function call(servers: RunningServer[], vars: Record<string, string> = {}) {
  const party = await startPartyServer({ vars });
  servers.push(party);
  const app = await startAppServer({ partyHost: party.host });
  servers.push(app);
  const roomId = await createRoom(party.host);
  const browser = await launchChromium();
  const pages: Page[] = [];
  for (const name of ["Ada", "Bea"]) {
    const page = await (await newParticipantContext(browser)).newPage();
    await page.goto(`${app.url}/room/${roomId}`);
    await joinFromPreJoin(page, name);
    pages.push(page);
  }
  await until(() => mediaFlowing(pages));
  return { party, roomId, browser, pages };
}

async function serverRestarts(servers: RunningServer[]): Promise<number[]> {
  const { party, roomId, browser, pages } = await call(servers);
  const samples: number[] = [];
  try {
    for (let run = 1; run <= RUNS; run++) {
      await party.halt();
      await sleep(OUTAGE_MS);
      await party.resume();
      const back = performance.now();
      const watcher = await RoomClient.connect(party.host, roomId);
      await until(async () => {
        const banners = await Promise.all(pages.map((page) => page.getByText("Reconnecting").count()));
        const names = watcher
          .latestRoster()
          ?.participants.map((p) => p.name)
          .join(",");
        return banners.every((count) => count === 0) && names === "Ada,Bea";
      });
      samples.push(performance.now() - back);
      watcher.close();
      console.log(
        `server restart ${run}: roster converged ${(samples.at(-1) ?? 0).toFixed(0)} ms after the server was back`,
      );
      await until(() => mediaFlowing(pages));
    }
  } finally {
    await browser.close();
  }
  return samples;
}

async function relayOutages(servers: RunningServer[]): Promise<number[]> {
  const turn = await startTurnServer({ secret: "bench-secret" });
  servers.push(turn);
  const { browser, pages } = await call(servers, {
    PARLEY_TURN_URLS: `turn:${turn.host}?transport=udp`,
    PARLEY_TURN_SECRET: "bench-secret",
    PARLEY_ICE_TRANSPORT_POLICY: "relay",
  });
  const samples: number[] = [];
  try {
    for (let run = 1; run <= RUNS; run++) {
      await turn.halt();
      await until(async () => !(await mediaFlowing(pages)));
      await sleep(OUTAGE_MS);
      await turn.resume();
      const back = performance.now();
      await until(() => mediaFlowing(pages));
      samples.push(performance.now() - back);
      console.log(
        `relay outage ${run}: media flowing ${(samples.at(-1) ?? 0).toFixed(0)} ms after the relay was back`,
      );
    }
  } finally {
    await browser.close();
  }
  return samples;
}

async function main() {
  const servers: RunningServer[] = [];
  try {
    console.log(summarize("room server restart -> roster converged", await serverRestarts(servers)));
    console.log(summarize("relay outage end -> media flowing again", await relayOutages(servers)));
  } finally {
    for (const server of servers.reverse()) await server.stop();
  }
}

await main();
