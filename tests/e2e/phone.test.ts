import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { newParticipantContext } from "../support/chromium";
import { creatorOfMeeting, joinedParticipant, sharedChromium } from "../support/e2e-browser";
import { expectVideosFlowing, joinFromPreJoin, remoteVideoStats } from "../support/meeting-page";

const appUrl = inject("appUrl");
const browser = sharedChromium();

const UPRIGHT = { width: 390, height: 844 };

/** A phone, held upright unless told otherwise: touch, mobile. */
async function phoneJoins(roomId: string, name: string, viewport = UPRIGHT): Promise<Page> {
  const context = await newParticipantContext(browser(), {
    viewport,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  const page = await context.newPage();
  await page.goto(`${appUrl}/room/${roomId}`);
  await joinFromPreJoin(page, name);
  return page;
}

/** The bounding boxes of the controls that are on screen in the call's control row. */
async function controlRow(page: Page) {
  const names = ["Microphone", "Camera", "Raise hand", "More options", "Leave"];
  return Promise.all(names.map((name) => page.getByRole("button", { name, exact: true }).boundingBox()));
}

describe("on a phone", () => {
  it("fits the controls in one row with More, shows the speaker large, and keeps targets 44 px", async () => {
    const ada = await creatorOfMeeting(browser(), appUrl, "Ada");
    await joinedParticipant(browser(), appUrl, ada.roomId, "Bea");
    const phone = await phoneJoins(ada.roomId, "Cy");
    await expectVideosFlowing(() => remoteVideoStats(phone), 2);

    const row = await controlRow(phone);
    for (const box of row) {
      expect(box).not.toBeNull();
      expect(box?.y).toBe(row[0]?.y);
      expect(box?.height).toBeGreaterThanOrEqual(44);
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    }
    // The speaker view: one tile large, the others in a strip.
    expect(await phone.getByRole("button", { name: "Speaker view" }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    await phone.screenshot({ path: "test-results/phone-390x844-call.png" });

    await phone.getByRole("button", { name: "More options" }).click();
    const more = phone.getByRole("group", { name: "More options" });
    for (const name of ["Chat", "Participants", "Switch camera", "Copy invite link"]) {
      const control = more.getByRole("button", { name, exact: true });
      expect((await control.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
    }
    await phone.screenshot({ path: "test-results/phone-390x844-more.png" });
    await more.getByRole("button", { name: "Chat", exact: true }).click();
    // The chat covers the call: focus is in it, and the call behind is inert.
    const chat = phone.getByRole("complementary", { name: "Chat" });
    await expect.poll(() => chat.evaluate((panel) => panel.contains(document.activeElement))).toBe(true);
    expect(
      await phone.getByRole("button", { name: "Leave" }).evaluate((b) => b.closest("[inert]") !== null),
    ).toBe(true);
    await chat.getByRole("button", { name: "Close chat" }).click();
    expect(
      await phone.getByRole("button", { name: "Leave" }).evaluate((b) => b.closest("[inert]") !== null),
    ).toBe(false);

    await ada.page.setViewportSize({ width: 1366, height: 768 });
    await ada.page.screenshot({ path: "test-results/laptop-1366x768-call.png" });
  });

  it("switches to the back camera, or says plainly that there is none", async () => {
    const ada = await creatorOfMeeting(browser(), appUrl, "Ada");
    const phone = await phoneJoins(ada.roomId, "Bea");
    await phone.getByRole("button", { name: "More options" }).click();
    await phone.getByRole("button", { name: "Switch camera" }).click();
    // Chromium's fake camera faces neither way: the person is told, and the call keeps the camera.
    await expect
      .poll(() => phone.getByRole("alert").filter({ hasText: "Couldn't switch to the back camera" }).count())
      .toBe(1);
    await expectVideosFlowing(() => remoteVideoStats(ada.page), 1);
  });

  it("held sideways, folds the controls behind More, which closes on the panel chosen from it", async () => {
    const ada = await creatorOfMeeting(browser(), appUrl, "Ada");
    const phone = await phoneJoins(ada.roomId, "Bea", { width: 844, height: 390 });
    await expectVideosFlowing(() => remoteVideoStats(phone), 1);
    const row = await controlRow(phone);
    for (const box of row) expect(box?.y).toBe(row[0]?.y);

    await phone.getByRole("button", { name: "More options" }).click();
    await phone.getByRole("group", { name: "More options" }).getByRole("button", { name: "Chat" }).click();
    // The chat is beside the call, not under the menu: the menu has closed, focus on its button.
    expect(await phone.getByRole("group", { name: "More options" }).count()).toBe(0);
    expect(
      await phone.getByRole("button", { name: "More options" }).evaluate((b) => b === document.activeElement),
    ).toBe(true);
    const chat = phone.getByRole("complementary", { name: "Chat" });
    // A tap lands on the message box itself (Playwright checks nothing covers it).
    await chat.getByRole("textbox", { name: "Message" }).tap({ timeout: 5000 });
    await phone.keyboard.type("Hello from the train");
    await phone.keyboard.press("Enter");
    await expect
      .poll(() => chat.getByRole("list", { name: "Messages" }).textContent())
      .toContain("Hello from the train");
    await phone.screenshot({ path: "test-results/phone-844x390-chat.png" });
  });
});
