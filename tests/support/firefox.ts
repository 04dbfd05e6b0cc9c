/**
 * Firefox ESR from the system's packages, driven over WebDriver BiDi by puppeteer-core, with a fake
 * camera and microphone. Never downloads a browser (see debian-packages.ts).
 */
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { ensureDebianPackage } from "./debian-packages";
import { RECORDER_SCRIPT } from "./page-recorder";

const FIREFOX = process.env.PARLEY_FIREFOX_PATH ?? "/usr/bin/firefox-esr";

export function ensureFirefox(): string {
  return ensureDebianPackage(FIREFOX, "firefox-esr", "The Firefox tests");
}

/** Headless, or in a window on `display` (an Xvfb's): sharing a screen needs one. */
export function launchFirefox({ display }: { display?: string } = {}): Promise<Browser> {
  return puppeteer.launch({
    browser: "firefox",
    executablePath: ensureFirefox(),
    headless: display === undefined,
    // The size the Chromium tests use: a smaller page pushes tiles out of sight, and those are paused.
    defaultViewport: { width: 1024, height: 700 },
    ...(display !== undefined && { env: { ...process.env, DISPLAY: display } }),
    protocol: "webDriverBiDi",
    extraPrefsFirefox: {
      // A fake camera and microphone, granted without a prompt, as Chromium's flags do.
      "media.navigator.streams.fake": true,
      "media.navigator.permission.disabled": true,
      "media.autoplay.default": 0,
      "media.autoplay.blocking_policy": 0,
      // Both browsers are on this machine: let ICE use loopback, with plain host addresses.
      "media.peerconnection.ice.loopback": true,
      "media.peerconnection.ice.obfuscate_host_addresses": false,
      // Nothing from outside: no updates, telemetry or remote settings.
      "app.update.enabled": false,
      "datareporting.policy.dataSubmissionEnabled": false,
      "toolkit.telemetry.enabled": false,
    },
  });
}

/** A person in a private context of their own (separate storage), recording what the page does. */
export async function newFirefoxPage(browser: Browser): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.evaluateOnNewDocument(RECORDER_SCRIPT);
  return page;
}

/** Puppeteer's query by accessible role and name: the way the Playwright tests select too. */
export const byRole = (role: string, name: string) => `::-p-aria([name="${name}"][role="${role}"])`;

/** Opens the meeting page and joins from the pre-join screen, as a person would. */
export async function joinInFirefox(page: Page, appUrl: string, roomId: string, name: string): Promise<void> {
  await page.goto(`${appUrl}/room/${roomId}`);
  await page.locator(byRole("textbox", "Your name")).fill(name);
  await page.locator(byRole("button", "Join now")).setTimeout(20_000).click();
  await page.locator(byRole("button", "Leave")).setTimeout(20_000).wait();
}
