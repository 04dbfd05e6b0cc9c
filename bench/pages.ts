/** Meeting pages for the benchmarks: join, wait for video, measure what they send, close. */
import type { Browser, Page } from "playwright-core";
import { newParticipantContext } from "../tests/support/chromium";
import { joinFromPreJoin, remoteVideoStats } from "../tests/support/meeting-page";
import type { RunningServer } from "../tests/support/servers";

export async function joined(
  browser: Browser,
  app: RunningServer,
  roomId: string,
  name: string,
  { noiseSuppression = true }: { noiseSuppression?: boolean } = {},
): Promise<Page> {
  const page = await (await newParticipantContext(browser, undefined, { noiseSuppression })).newPage();
  await page.goto(`${app.url}/room/${roomId}`);
  await joinFromPreJoin(page, name);
  return page;
}

/** How many remote cameras the page shows with frames decoding. */
export async function decoding(page: Page): Promise<number> {
  return (await remoteVideoStats(page)).filter((tile) => tile.framesDecoded > 0).length;
}

/** Until the page shows `count` remote cameras with frames decoding. */
export async function flowing(page: Page, count: number): Promise<void> {
  await waitFor(async () => (await decoding(page)) >= count);
}

export async function closeAll(pages: Page[]): Promise<void> {
  await Promise.all(pages.map((page) => page.context().close()));
}

export async function waitFor(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * What a page sends, in kbit/s, over a few seconds: each stream's growth, counted only for streams
 * there at both readings, so that a connection closed or replaced meanwhile does not count as negative.
 */
export async function uploadKbps(page: Page, windowMs = 5000): Promise<number> {
  const bytesSent = async () =>
    new Map(
      await page.evaluate(async () => {
        const { peerConnections } = (
          window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } }
        ).__parley;
        const sent: [string, number][] = [];
        for (const [index, pc] of peerConnections.entries()) {
          if (pc.connectionState !== "connected") continue;
          (await pc.getStats()).forEach((entry: { type: string; id: string; bytesSent?: number }) => {
            if (entry.type === "outbound-rtp") sent.push([`${index}:${entry.id}`, entry.bytesSent ?? 0]);
          });
        }
        return sent;
      }),
    );
  const before = await bytesSent();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  let grown = 0;
  for (const [stream, bytes] of await bytesSent()) {
    const earlier = before.get(stream);
    if (earlier !== undefined) grown += Math.max(0, bytes - earlier);
  }
  return (grown * 8) / windowMs;
}
