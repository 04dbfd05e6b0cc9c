/**
 * Firefox ESR from the system's packages, driven over WebDriver BiDi by puppeteer-core, with a fake
 * camera and microphone. Never downloads a browser (see debian-packages.ts).
 */
import puppeteer, { type Browser, type ElementHandle, type Page } from "puppeteer-core";
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
    // Each command's bound, three minutes by default: one that hung held its test past every bound
    // the test set around it. Starting a session has taken 53 s here, beside three pages in a call
    // with one core kept busy (9-11 s with the machine otherwise idle).
    protocolTimeout: 90_000,
    timeout: 90_000,
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

/**
 * Closes Firefox, and kills it if it has not closed within 15 s: a browser that does not answer must
 * not hold a test (or the next one's machine) for ever.
 */
export async function closeFirefox(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    browser.close().then(
      () => true,
      () => false,
    ),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 15_000))),
  ]);
  clearTimeout(timer);
  if (!closed) browser.process()?.kill("SIGKILL");
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

/**
 * Puppeteer's locators and waits poll inside the page with functions they make with `eval`, which
 * Firefox ESR 140.12 refuses on a page whose Content Security Policy forbids eval, as Parley's does:
 * they waited out their bound with the element on screen. These poll from here instead, with
 * WebDriver BiDi's own query by role and name, and act on the element found.
 */
const POLL_MS = 200;
/**
 * A query by role and name reads Firefox's accessibility tree, which takes a while on a page in a
 * call: one took 1.7-5.4 s here, with two other pages in the call beside it.
 */
const FIND_MS = 30_000;

async function until<T>(find: () => Promise<T | null>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find().catch(() => null);
    if (found) return found;
    if (Date.now() >= deadline) throw new Error(`Firefox's page showed no ${what} within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The element of that role and name once it is on screen and enabled, as a person could use it. */
export function findByRole(
  page: Page,
  role: string,
  name: string,
  timeoutMs = FIND_MS,
): Promise<ElementHandle> {
  return until(
    async () => {
      const element = await page.$(byRole(role, name));
      if (!element) return null;
      const usable = await element.evaluate(
        (node) => node.getClientRects().length > 0 && !(node as HTMLButtonElement).disabled,
      );
      if (usable) return element;
      await element.dispose();
      return null;
    },
    `${role} "${name}"`,
    timeoutMs,
  );
}

export async function clickByRole(page: Page, role: string, name: string, timeoutMs?: number): Promise<void> {
  const element = await findByRole(page, role, name, timeoutMs);
  await element.click();
  await element.dispose();
}

/** Types `text` in place of what the field holds, key by key as a person does. */
export async function fillByRole(page: Page, role: string, name: string, text: string, timeoutMs?: number) {
  const element = await findByRole(page, role, name, timeoutMs);
  await element.evaluate((field) => (field as HTMLInputElement).select());
  await element.type(text);
  await element.dispose();
}

export async function waitForRole(page: Page, role: string, name: string, timeoutMs?: number): Promise<void> {
  await (await findByRole(page, role, name, timeoutMs)).dispose();
}

export function waitForText(page: Page, text: string, timeoutMs = FIND_MS): Promise<true> {
  return until(
    async () => (await page.evaluate((wanted) => document.body.innerText.includes(wanted), text)) || null,
    `text "${text}"`,
    timeoutMs,
  );
}

/** Opens the meeting page and joins from the pre-join screen, as a person would. */
export async function joinInFirefox(page: Page, appUrl: string, roomId: string, name: string): Promise<void> {
  await page.goto(`${appUrl}/room/${roomId}`);
  await fillByRole(page, "textbox", "Your name", name);
  await clickByRole(page, "button", "Join now");
  await waitForRole(page, "button", "Leave");
}
