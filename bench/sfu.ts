/**
 * Large meetings on the SFU (a real Janus on this machine), real Chromium pages:
 * - the longest any tile froze while a meeting of four moves to the SFU as a fifth person joins;
 * - joining a meeting of eight: from the eighth person's "Join now" to first frames from all seven;
 * - what one participant uploads: in a mesh of four (three copies) against the SFU with eight (one
 *   stream in simulcast).
 * The last two with cameras at 10 frames a second (see LIGHT_CAMERAS).
 */
import type { Browser, Page } from "playwright-core";
import { JOIN_MARK } from "../lib/call/room-session";
import { firstFrameMark } from "../lib/media/first-frame";
import { roomServerVars } from "../scripts/janus";
import { launchChromium, newParticipantContext } from "../tests/support/chromium";
import { joinFromPreJoin, openPeerConnections, watchFreezes } from "../tests/support/meeting-page";
import { createRoom } from "../tests/support/room-client";
import { startAppServer, startPartyServer, type RunningServer } from "../tests/support/servers";
import { startLocalJanus } from "../tests/support/sfu-servers";
import { closeAll, flowing, joined, uploadKbps, waitFor } from "./pages";
import { summarize } from "./stats";

const RUNS = Number(process.env.BENCH_SFU_RUNS ?? 5);
const JOIN_RUNS = Number(process.env.BENCH_SFU_JOIN_RUNS ?? 3);
/**
 * Eight pages on two cores: as on weak laptops, cameras at 10 frames a second and RNNoise off (as in
 * the e2e test of eight). At the fake camera's 20 the machine cannot carry them and the join never
 * completes.
 */
const LIGHT_CAMERAS = ["--use-fake-device-for-media-stream=fps=10"];

/** The longest freeze of any tile on any page of four while a fifth joins and the meeting moves. */
async function switchFreeze(browser: Browser, party: RunningServer, app: RunningServer): Promise<number> {
  const roomId = await createRoom(party.host);
  const pages: Page[] = [];
  try {
    for (const name of ["P1", "P2", "P3", "P4"]) pages.push(await joined(browser, app, roomId, name));
    for (const page of pages) await flowing(page, 3);
    const stops = await Promise.all(pages.map(watchFreezes));
    pages.push(await joined(browser, app, roomId, "P5"));
    for (const page of pages) await waitFor(async () => (await openPeerConnections(page)) === 2);
    for (const page of pages) await flowing(page, 4);
    return Math.max(...(await Promise.all(stops.map((stop) => stop()))));
  } finally {
    await closeAll(pages);
  }
}

/** Wall-clock times of the first mark of each name with this prefix, once there are `count`. */
async function markTimes(page: Page, prefix: string, count: number): Promise<number[]> {
  const handle = await page.waitForFunction(
    ({ prefix, count }) => {
      const first = new Map<string, number>();
      for (const mark of performance.getEntriesByType("mark"))
        if (mark.name.startsWith(prefix) && !first.has(mark.name)) first.set(mark.name, mark.startTime);
      return first.size >= count ? [...first.values()].map((t) => performance.timeOrigin + t) : null;
    },
    { prefix, count },
    { timeout: 90_000, polling: 20 },
  );
  return (await handle.jsonValue()) as number[];
}

async function main() {
  const janus = await startLocalJanus();
  const sfuVars = roomServerVars(janus.settings, 4);
  let party: RunningServer | undefined;
  let app: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    party = await startPartyServer({ vars: sfuVars });
    app = await startAppServer({
      partyHost: party.host,
      env: { PARLEY_SFU_URL: sfuVars.PARLEY_SFU_URL ?? "" },
    });
    browser = await launchChromium();

    const freezes: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      freezes.push(await switchFreeze(browser, party, app));
      console.log(`run ${run}: longest tile freeze while moving to the SFU ${freezes.at(-1)} ms`);
    }
    console.log(summarize("move to the SFU at the fifth person: longest tile freeze", freezes));

    // Both uploads, and the join of eight, with the same light cameras.
    await browser.close();
    browser = await launchChromium({ extraArgs: LIGHT_CAMERAS });
    const light = { noiseSuppression: false };
    const mesh: Page[] = [];
    const meshRoom = await createRoom(party.host);
    for (const name of ["P1", "P2", "P3", "P4"]) mesh.push(await joined(browser, app, meshRoom, name, light));
    for (const page of mesh) await flowing(page, 3);
    const meshUpload = await uploadKbps(mesh[0] as Page);
    await closeAll(mesh);

    const joins: number[] = [];
    let sfuUpload = 0;
    for (let run = 1; run <= JOIN_RUNS; run++) {
      const roomId = await createRoom(party.host);
      const pages: Page[] = [];
      try {
        for (let n = 1; n <= 7; n++) pages.push(await joined(browser, app, roomId, `P${n}`, light));
        for (const page of pages) await flowing(page, 6);
        const eighth = await (await newParticipantContext(browser, undefined, light)).newPage();
        pages.push(eighth);
        await eighth.goto(`${app.url}/room/${roomId}`);
        await eighth.getByText("P1, P2 and 5 others are here").waitFor();
        await joinFromPreJoin(eighth, "P8");
        const [[joinedAt], frames] = await Promise.all([
          markTimes(eighth, JOIN_MARK, 1),
          markTimes(eighth, firstFrameMark(""), 7),
        ]);
        joins.push(Math.max(...frames) - (joinedAt ?? NaN));
        console.log(
          `run ${run}: joining a meeting of eight, first frames from all seven in ${joins.at(-1)?.toFixed(0)} ms`,
        );
        if (run === 1) sfuUpload = await uploadKbps(pages[0] as Page);
      } finally {
        await closeAll(pages);
      }
    }
    console.log(
      summarize("joining a meeting of eight on the SFU: Join now -> first frames from all seven", joins),
    );
    console.log(
      `upload per participant, 10 fps cameras: mesh of 4 ${meshUpload.toFixed(0)} kbit/s (three copies), ` +
        `SFU with 8 ${sfuUpload.toFixed(0)} kbit/s (one stream in simulcast)`,
    );
  } finally {
    await browser?.close();
    await app?.stop();
    await party?.stop();
    await janus.stop();
  }
}

await main();
