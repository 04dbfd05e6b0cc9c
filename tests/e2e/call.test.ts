import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newParticipantContext } from "../support/chromium";
import { expectRemoteVideosFlowing, joinFromPreJoin, liveLocalTrackCount } from "../support/meeting-page";

const appUrl = inject("appUrl");
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<Page> {
  const context = await newParticipantContext(browser);
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
});

describe("a three-person meeting", () => {
  it("is started from the lobby, joined by link and by code, and everyone sees everyone", async () => {
    const ada = await newPage();
    await ada.goto(appUrl);
    await ada.getByRole("button", { name: "New meeting" }).click();
    await ada.waitForURL(/\/room\/[0-9a-z]{4}(-[0-9a-z]{4}){3}$/);
    const meetingLink = ada.url();
    const code = meetingLink.split("/room/")[1]!;
    await expect.poll(() => ada.getByText("No one else is here yet").count()).toBe(1);
    await joinFromPreJoin(ada, "Ada");

    const linus = await newPage();
    await linus.goto(appUrl);
    await linus.getByRole("textbox", { name: "Meeting code or link" }).fill(meetingLink);
    await linus.getByRole("button", { name: "Join", exact: true }).click();
    await linus.waitForURL(meetingLink);
    await linus.getByText("Ada is here").waitFor();
    await joinFromPreJoin(linus, "Linus");

    const grace = await newPage();
    await grace.goto(appUrl);
    await grace
      .getByRole("textbox", { name: "Meeting code or link" })
      .fill(code.toUpperCase().replaceAll("-", " "));
    await grace.getByRole("button", { name: "Join", exact: true }).click();
    await grace.waitForURL(meetingLink);
    await grace.getByText("Ada and Linus are here").waitFor();
    await joinFromPreJoin(grace, "Grace");

    await Promise.all([ada, linus, grace].map((page) => expectRemoteVideosFlowing(page, 2)));

    // Each tile is labelled with its participant's name.
    for (const name of ["Linus", "Grace"]) {
      await expect.poll(() => ada.locator('[data-local="false"]', { hasText: name }).count()).toBe(1);
    }

    // Toggles say their state, and the camera toggle keeps the call up.
    const camera = linus.getByRole("button", { name: "Camera" });
    expect(await camera.getAttribute("aria-pressed")).toBe("true");
    await camera.click();
    expect(await camera.getAttribute("aria-pressed")).toBe("false");
    await camera.click();

    // Leaving takes you back to the lobby, stops your camera, and removes your tile for the others.
    expect(await linus.evaluate(() => document.querySelectorAll("[data-local=false]").length)).toBe(2);
    await linus.getByRole("button", { name: "Leave" }).click();
    await linus.waitForURL(`${appUrl}/`);
    await expect.poll(() => liveLocalTrackCount(linus)).toBe(0);
    for (const page of [ada, grace]) {
      await expect.poll(() => page.locator('[data-local="false"]').count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => page.locator('[data-local="false"]', { hasText: "Linus" }).count()).toBe(0);
    }

    // Closing the tab also removes the participant, once the moment a reconnect would take has passed.
    await grace.close();
    await expect.poll(() => ada.locator('[data-local="false"]').count(), { timeout: 25_000 }).toBe(0);
  });
});
