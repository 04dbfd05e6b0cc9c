/**
 * First-load JavaScript of the lobby and the meeting page, as a browser downloads it from
 * `next start` (gzip), with the largest chunks: what a person waits for before the page works.
 */
import { gzipSync } from "node:zlib";
import { launchChromium, newParticipantContext } from "../tests/support/chromium";
import { createRoom } from "../tests/support/room-client";
import { startAppServer, startPartyServer } from "../tests/support/servers";

/** The room page's budget, gzip. */
const ROOM_BUDGET_KB = 160;

async function scriptsOf(
  url: string,
  browser: Awaited<ReturnType<typeof launchChromium>>,
): Promise<string[]> {
  const page = await (await newParticipantContext(browser)).newPage();
  const scripts = new Set<string>();
  page.on("requestfinished", (request) => {
    if (request.resourceType() === "script") scripts.add(request.url());
  });
  await page.goto(url, { waitUntil: "networkidle" });
  await page.close();
  return [...scripts];
}

async function gzipSize(url: string): Promise<number> {
  const body = Buffer.from(await (await fetch(url)).arrayBuffer());
  return gzipSync(body, { level: 9 }).byteLength;
}

async function main() {
  const party = await startPartyServer();
  const app = await startAppServer({ partyHost: party.host });
  const browser = await launchChromium();
  try {
    const roomId = await createRoom(party.host);
    for (const [label, path] of [
      ["/", "/"],
      ["/room/[id]", `/room/${roomId}`],
    ] as const) {
      const scripts = await scriptsOf(`${app.url}${path}`, browser);
      const sizes = await Promise.all(scripts.map(async (url) => ({ url, bytes: await gzipSize(url) })));
      const total = sizes.reduce((sum, { bytes }) => sum + bytes, 0) / 1024;
      const budget =
        label === "/room/[id]"
          ? ` (budget ${ROOM_BUDGET_KB} kB: ${total <= ROOM_BUDGET_KB ? "within" : "OVER"})`
          : "";
      console.log(`first-load JS ${label}: ${total.toFixed(1)} kB gzip in ${sizes.length} scripts${budget}`);
      for (const { url, bytes } of sizes.sort((a, b) => b.bytes - a.bytes).slice(0, 5)) {
        console.log(`  ${(bytes / 1024).toFixed(1).padStart(6)} kB  ${new URL(url).pathname}`);
      }
    }
  } finally {
    await browser.close();
    await app.stop();
    await party.stop();
  }
}

await main();
