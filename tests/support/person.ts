/**
 * A person in a meeting, in whichever browser: what a test that mixes engines does and reads through
 * the page, by role and name as everywhere else.
 */
import type { Browser as ChromiumBrowser, Page as ChromiumPage } from "playwright-core";
import type { Page as FirefoxPage } from "puppeteer-core";
import { creatorOfMeeting, joinedParticipant } from "./e2e-browser";
import {
  byRole,
  clickByRole,
  closeFirefox,
  joinInFirefox,
  launchFirefox,
  newFirefoxPage,
  waitForRole,
} from "./firefox";
import { alertText, readTileVideos, REMOTE_CAMERA_TILES, SELF_TILE, type TileVideo } from "./meeting-page";

export interface Person {
  readonly name: string;
  readonly engine: "chromium" | "firefox";
  click(buttonName: string): Promise<void>;
  /** Whether a button of that name is on the page now. */
  has(buttonName: string): Promise<boolean>;
  /** Reloads the page, which goes back into the call by itself. */
  reload(): Promise<void>;
  /** The participant id the page shows itself under in the call, or null outside it. */
  selfId(): Promise<string | null>;
  remoteCameras(): Promise<TileVideo[]>;
  alerts(): Promise<string>;
  /** Runs plain JavaScript in the page (a string, so that no compiler helper reaches it). */
  run(script: string): Promise<void>;
  close(): Promise<void>;
}

const BACK_IN_CALL_MS = 30_000;

export function inChromium(name: string, page: ChromiumPage): Person {
  return {
    name,
    engine: "chromium",
    click: (buttonName) => page.getByRole("button", { name: buttonName, exact: true }).click(),
    has: async (buttonName) =>
      (await page.getByRole("button", { name: buttonName, exact: true }).count()) > 0,
    reload: async () => {
      await page.reload();
      await page.getByRole("button", { name: "Leave" }).waitFor({ timeout: BACK_IN_CALL_MS });
    },
    selfId: () =>
      page
        .locator(SELF_TILE)
        .first()
        .getAttribute("data-participant-id", { timeout: 1000 })
        .catch(() => null),
    remoteCameras: () => page.evaluate(readTileVideos, REMOTE_CAMERA_TILES),
    alerts: () => alertText(page),
    run: (script) => page.evaluate(script),
    close: () => page.context().close(),
  };
}

export function inFirefox(name: string, page: FirefoxPage): Person {
  return {
    name,
    engine: "firefox",
    click: (buttonName) => clickByRole(page, "button", buttonName),
    has: async (buttonName) => (await page.$(byRole("button", buttonName))) !== null,
    reload: async () => {
      await page.reload();
      await waitForRole(page, "button", "Leave", BACK_IN_CALL_MS);
    },
    selfId: () => page.$eval(SELF_TILE, (tile) => tile.getAttribute("data-participant-id")).catch(() => null),
    remoteCameras: () => page.evaluate(readTileVideos, REMOTE_CAMERA_TILES),
    alerts: () =>
      page.$$eval('[role="alert"]', (alerts) => alerts.map((alert) => alert.textContent ?? "").join(" ")),
    run: async (script) => {
      await page.evaluate(script);
    },
    close: () => page.browserContext().close(),
  };
}

/** Starts a meeting from Chromium's lobby, as its host. */
export async function chromiumCreator(browser: ChromiumBrowser, appUrl: string, name: string) {
  const { page, roomId } = await creatorOfMeeting(browser, appUrl, name);
  return { person: inChromium(name, page), roomId };
}

/**
 * Joins in a browser of the engine given. Each person in Firefox has a Firefox of their own: a second
 * tab in one window is in the background, and a page in the background is, rightly, sent no video.
 */
export async function joinWith(
  engine: Person["engine"],
  chromium: () => ChromiumBrowser,
  appUrl: string,
  roomId: string,
  name: string,
): Promise<Person> {
  if (engine === "chromium")
    return inChromium(name, await joinedParticipant(chromium(), appUrl, roomId, name));
  const firefox = await launchFirefox();
  const page = await newFirefoxPage(firefox);
  await joinInFirefox(page, appUrl, roomId, name);
  return { ...inFirefox(name, page), close: () => closeFirefox(firefox) };
}
