/**
 * What one participant costs in a mesh against the SFU, at 4, 6, 8 and 12 people, in one run: real
 * Chromium pages (640x480 fake cameras) on this machine, a real Janus for the SFU. Per participant:
 * CPU and memory (all Chromium processes divided by the number of people, since they share one
 * machine here), what each page uploads, how many of the streams it should receive it decodes; and
 * what Janus itself uses. A mesh that has not connected everyone within the bound is measured as it
 * stands, and says how far it got.
 */
import { cpus } from "node:os";
import type { Browser, Page } from "playwright-core";
import { roomServerVars } from "../scripts/janus";
import { launchChromium } from "../tests/support/chromium";
import { openPeerConnections } from "../tests/support/meeting-page";
import { createRoom } from "../tests/support/room-client";
import { startAppServer, startPartyServer, type RunningServer } from "../tests/support/servers";
import { startLocalJanus } from "../tests/support/sfu-servers";
import { closeAll, decoding, joined, uploadKbps } from "./pages";
import { cpuPercent, processUsage } from "./process-usage";

const SIZES = (process.env.BENCH_SIZES ?? "4,6,8,12").split(",").map(Number);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 10_000);
/** How long a meeting gets to connect everyone before it is measured as it stands. */
const CONNECT_WITHIN_MS = 90_000;

type Route = "mesh" | "sfu";

interface Measure {
  /** People whose page got into the call (a saturated machine can fail to load one in time). */
  joined: number;
  streams: number;
  expected: number;
  cpuPerPerson: number;
  /** All the pages together, of the machine's cores (a saturated machine caps what each can use). */
  cpuAll: number;
  memoryPerPersonMb: number;
  uploadKbps: number;
  janusCpu: number | null;
}

async function everyoneConnected(pages: Page[], route: Route): Promise<number> {
  const expected = pages.length * (pages.length - 1);
  const deadline = Date.now() + CONNECT_WITHIN_MS;
  for (;;) {
    const counts = await Promise.all(pages.map(decoding));
    const streams = counts.reduce((sum, n) => sum + n, 0);
    // On the SFU each page ends with one connection out and one in, the mesh gone.
    const settled =
      route === "mesh" || (await Promise.all(pages.map(openPeerConnections))).every((count) => count === 2);
    if ((streams === expected && settled) || Date.now() > deadline) return streams;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function measure(
  browser: Browser,
  app: RunningServer,
  party: RunningServer,
  size: number,
  route: Route,
) {
  const roomId = await createRoom(party.host);
  const pages: Page[] = [];
  try {
    for (let n = 1; n <= size; n++) {
      try {
        pages.push(await joined(browser, app, roomId, `P${n}`));
      } catch (error) {
        console.log(
          `P${n} could not join (${error instanceof Error ? error.name : "error"}): measured without them`,
        );
      }
    }
    const streams = await everyoneConnected(pages, route);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const before = { chromium: processUsage("chromium"), janus: processUsage("janus") };
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    const after = { chromium: processUsage("chromium"), janus: processUsage("janus") };
    const seconds = (performance.now() - started) / 1000;
    const uploads = await Promise.all(pages.map((page) => uploadKbps(page)));
    return {
      joined: pages.length,
      streams,
      expected: size * (size - 1),
      cpuPerPerson: cpuPercent(before.chromium, after.chromium, seconds) / pages.length,
      cpuAll: cpuPercent(before.chromium, after.chromium, seconds),
      memoryPerPersonMb: after.chromium.rssBytes / pages.length / 1024 / 1024,
      uploadKbps: uploads.reduce((sum, kbps) => sum + kbps, 0) / pages.length,
      janusCpu: route === "sfu" ? cpuPercent(before.janus, after.janus, seconds) : null,
    } satisfies Measure;
  } finally {
    await closeAll(pages);
  }
}

function describe(size: number, route: Route, m: Measure): string {
  const reach = m.streams === m.expected ? "all" : `only ${m.streams} of ${m.expected} within 90 s`;
  const missing = m.joined < size ? ` (${size - m.joined} could not join in time)` : "";
  const janus = m.janusCpu === null ? "" : `, Janus ${m.janusCpu.toFixed(0)}% of a core`;
  return (
    `${route === "mesh" ? "mesh" : "SFU "} of ${String(size).padStart(2)}: ` +
    `${m.cpuPerPerson.toFixed(0)}% of a core, ${m.memoryPerPersonMb.toFixed(0)} MB, ` +
    `${m.uploadKbps.toFixed(0)} kbit/s up per participant; streams decoding: ${reach}${missing}; ` +
    `all pages ${m.cpuAll.toFixed(0)}% of the machine's ${cpus().length * 100}%${janus}`
  );
}

/** Every size on one route, with that route's own servers, stopped after. */
async function measureRoute(route: Route, vars: Record<string, string>, sfuUrl?: string): Promise<string[]> {
  const party = await startPartyServer({ capacity: Math.max(...SIZES), vars });
  let app: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    app = await startAppServer({ partyHost: party.host, env: sfuUrl ? { PARLEY_SFU_URL: sfuUrl } : {} });
    browser = await launchChromium();
    const lines: string[] = [];
    for (const size of SIZES) {
      lines.push(describe(size, route, await measure(browser, app, party, size, route)));
      console.log(lines.at(-1));
    }
    return lines;
  } finally {
    await browser?.close();
    await app?.stop();
    await party.stop();
  }
}

async function main() {
  const janus = await startLocalJanus();
  try {
    const mesh = await measureRoute("mesh", {});
    // The SFU from the third person on, so that every size measured is on it.
    const sfuVars = roomServerVars(janus.settings, 2);
    const sfu = await measureRoute("sfu", sfuVars, sfuVars.PARLEY_SFU_URL);
    console.log(["per participant, mesh against SFU:", ...mesh, ...sfu].join("\n  "));
  } finally {
    await janus.stop();
  }
}

await main();
