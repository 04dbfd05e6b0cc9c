/** One Chromium for a test file, and participants who have joined a meeting through the UI. */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium, newParticipantContext } from "./chromium";
import { joinFromPreJoin } from "./meeting-page";
import { startAppServer, startPartyServer, type RunningServer } from "./servers";

/** Launches Chromium before the file's tests and closes it after; call the result for the browser. */
export function sharedChromium(options?: Parameters<typeof launchChromium>[0]): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium(options);
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
