/** One Chromium for a test file, and participants who have joined a meeting through the UI. */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { launchChromium, newParticipantContext } from "./chromium";
import { joinFromPreJoin } from "./meeting-page";
import { startAppServer, startPartyServer, type RunningServer } from "./servers";

/**
 * Where each tile of the page is, read twice, two animation frames apart: a wait for a stable element
 * needs it still, and a page that draws no frames never gives the second reading.
 */
const TILE_BOXES = `new Promise((resolve) => {
  const read = () => [...document.querySelectorAll("figure")].map((figure) => {
    const box = figure.getBoundingClientRect();
    return (figure.querySelector("figcaption")?.textContent ?? "?") + " " + [box.x, box.y, box.width, box.height].map(Math.round).join(",");
  }).join("; ");
  const first = read();
  requestAnimationFrame(() => requestAnimationFrame(() => resolve("tiles: " + first + "\\nnext frame: " + read())));
})`;

/**
 * What each page of a failed test showed, printed with the failure: its address, its accessibility
 * tree (a notice, a dialog, which tiles) and where its tiles were, when a wait ran out.
 */
async function describePages(contexts: BrowserContext[]): Promise<void> {
  const bounded = <T>(read: Promise<T>) =>
    Promise.race([
      read,
      new Promise<string>((resolve) => setTimeout(() => resolve("(no answer in 5 s)"), 5000)),
    ]).catch((error: unknown) => `(failed: ${String(error)})`);
  for (const [index, page] of contexts.flatMap((context) => context.pages()).entries()) {
    const tree = await bounded(page.locator("body").ariaSnapshot({ timeout: 5000 }));
    const tiles = await bounded(page.evaluate(TILE_BOXES));
    console.log(`page ${index + 1} at ${page.url()}:\n${tree}\n${tiles}`);
  }
}

/**
 * Launches Chromium before the file's tests and closes it after; call the result for the browser.
 * Every context a test opens closes after it, passed or failed: pages left in a call would go on
 * encoding and decoding video beside the next test's on two cores (eight pages once starved a
 * late joiner's click for 20 s). Contexts opened before the test (in `beforeAll`) are the file's.
 */
export function sharedChromium(options?: Parameters<typeof launchChromium>[0]): () => Browser {
  let browser: Browser | undefined;
  let before = new Set<BrowserContext>();
  beforeAll(async () => {
    browser = await launchChromium(options);
  });
  beforeEach(() => {
    before = new Set(browser?.contexts());
  });
  afterEach(async ({ task }) => {
    const opened = (browser?.contexts() ?? []).filter((context) => !before.has(context));
    if (task.result?.state === "fail") await describePages(opened);
    await Promise.all(opened.map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error("Chromium is not running yet.");
    return browser;
  };
}

/**
 * Servers a test starts for itself: pass each one to the result, and it stops after that test, passed
 * or failed, so that one test's servers do not run on beside the next one's on two cores.
 */
export function stoppedAfterEachTest(): <T extends RunningServer>(server: T) => T {
  const running: RunningServer[] = [];
  afterEach(async () => {
    for (const server of running.splice(0).reverse()) await server.stop();
  });
  return (server) => {
    running.push(server);
    return server;
  };
}

/**
 * A room server and an app of the file's own, for tests that stop and restart the server: started
 * before the file's tests and stopped after. Call the results for them.
 */
export function ownServers(): { party: () => RunningServer; app: () => RunningServer } {
  let party: RunningServer | undefined;
  let app: RunningServer | undefined;
  beforeAll(async () => {
    party = await startPartyServer();
    app = await startAppServer({ partyHost: party.host });
  });
  afterAll(async () => {
    await app?.stop();
    await party?.stop();
  });
  const running = (server: RunningServer | undefined) => {
    if (!server) throw new Error("The servers are not running yet.");
    return server;
  };
  return { party: () => running(party), app: () => running(app) };
}

/** A person in their own browser context who starts a meeting from the lobby (its host) and joins it. */
export async function creatorOfMeeting(browser: Browser, appUrl: string, name: string) {
  const page: Page = await (await newParticipantContext(browser)).newPage();
  await page.goto(appUrl);
  await page.getByRole("button", { name: "New meeting" }).click();
  await page.waitForURL(/\/room\//);
  await joinFromPreJoin(page, name);
  return { page, meetingUrl: page.url(), roomId: new URL(page.url()).pathname.split("/").at(-1) ?? "" };
}

/** A person in their own browser context who opens the meeting page and joins as `name`. */
export async function joinedParticipant(
  browser: Browser,
  appUrl: string,
  roomId: string,
  name: string,
  setup?: Parameters<typeof newParticipantContext>[2],
) {
  const page: Page = await (await newParticipantContext(browser, undefined, setup)).newPage();
  await page.goto(`${appUrl}/room/${roomId}`);
  await joinFromPreJoin(page, name);
  return page;
}
