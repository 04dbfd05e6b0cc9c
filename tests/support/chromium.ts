/**
 * Real Chromium from the system's packages, driven by playwright-core, with a fake camera and
 * microphone. Never downloads a browser (see debian-packages.ts).
 */
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type LaunchOptions,
} from "playwright-core";
import { ensureDebianPackage } from "./debian-packages";
import { RECORDER_SCRIPT } from "./page-recorder";

const CHROMIUM = process.env.PARLEY_CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--use-fake-device-for-media-stream",
  "--autoplay-policy=no-user-gesture-required",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  // Several participants share one machine: keep background tabs running at full speed.
  "--disable-renderer-backgrounding",
  "--disable-background-timer-throttling",
  "--disable-backgrounding-occluded-windows",
];

export function ensureChromium(): string {
  return ensureDebianPackage(CHROMIUM, "chromium", "The end-to-end tests");
}

/**
 * `grantMedia` false leaves the permission prompt to Chromium's headless default, which is to deny:
 * that is how a person who blocked the camera looks to the page.
 */
export function launchChromium({
  grantMedia = true,
  extraArgs = [],
}: { grantMedia?: boolean; extraArgs?: string[] } = {}): Promise<Browser> {
  const options: LaunchOptions = {
    executablePath: ensureChromium(),
    headless: true,
    args: [...CHROMIUM_FLAGS, ...(grantMedia ? ["--use-fake-ui-for-media-stream"] : []), ...extraArgs],
  };
  return chromium.launch(options);
}

/**
 * Records every RTCPeerConnection, data channel and getUserMedia track a page creates, so tests can
 * read real WebRTC statistics and check that nothing is left running.
 */
export async function newParticipantContext(
  browser: Browser,
  options: BrowserContextOptions = { viewport: { width: 1024, height: 700 } },
  { noiseSuppression = true }: { noiseSuppression?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  // As a person who turned it off in an earlier meeting: the page remembers it.
  if (!noiseSuppression) {
    await context.addInitScript({
      content: `localStorage.setItem("parley:devices", JSON.stringify({ noiseSuppression: false }));`,
    });
  }
  await context.addInitScript({ content: RECORDER_SCRIPT });
  return context;
}
