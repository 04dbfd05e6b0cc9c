import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { creatorOfMeeting, joinedParticipant, sharedChromium } from "../support/e2e-browser";

const appUrl = inject("appUrl");
const browser = sharedChromium();

const tileOf = (viewer: Page, name: string) => viewer.locator('[data-local="false"]', { hasText: name });
const handOn = (viewer: Page, name: string) =>
  tileOf(viewer, name).getByRole("img", { name: "Hand raised" }).count();

describe("hands and reactions between real browsers", () => {
  it("shows a raised hand to everyone, late joiners too, until the host lowers it", async () => {
    const ada = await creatorOfMeeting(browser(), appUrl, "Ada");
    const bea = await joinedParticipant(browser(), appUrl, ada.roomId, "Bea");

    await bea.keyboard.press("h");
    await expect.poll(() => handOn(ada.page, "Bea")).toBe(1);
    const cy = await joinedParticipant(browser(), appUrl, ada.roomId, "Cy");
    await expect.poll(() => handOn(cy, "Bea")).toBe(1);

    await ada.page.getByRole("button", { name: "Participants" }).click();
    await ada.page.getByRole("button", { name: "Lower hand of Bea" }).click();
    for (const viewer of [ada.page, cy]) await expect.poll(() => handOn(viewer, "Bea")).toBe(0);
    const beaHand = bea.getByRole("button", { name: "Raise hand" });
    await expect.poll(() => beaHand.getAttribute("aria-pressed")).toBe("false");
    await expect
      .poll(() => bea.getByRole("alert").filter({ hasText: "Ada lowered your hand." }).count())
      .toBe(1);
  });

  it("floats a reaction over the sender's tile and lists it with their name for everyone", async () => {
    const ada = await creatorOfMeeting(browser(), appUrl, "Ada");
    const bea = await joinedParticipant(browser(), appUrl, ada.roomId, "Bea");

    await bea.getByRole("button", { name: "Send a reaction" }).click();
    await bea
      .getByRole("group", { name: "Send a reaction" })
      .getByRole("button", { name: "Celebrate" })
      .click();

    const stack = ada.page.getByRole("list", { name: "Reactions" });
    await expect.poll(() => stack.getByRole("listitem").filter({ hasText: "Bea" }).count()).toBe(1);
    await expect.poll(() => stack.getByRole("img", { name: "Celebrate" }).count()).toBe(1);
    await expect.poll(() => tileOf(ada.page, "Bea").textContent()).toContain("🎉");
    // Gone after its few seconds.
    await expect.poll(() => stack.getByRole("listitem").count(), { timeout: 10_000 }).toBe(0);
  });
});

describe("recording on your own device", () => {
  it("tells everyone, late joiners too, and gives the recorder a WebM of the call with sound", async () => {
    const ada = await creatorOfMeeting(browser(), appUrl, "Ada");
    const bea = await joinedParticipant(browser(), appUrl, ada.roomId, "Bea");
    await tileOf(ada.page, "Bea").waitFor();

    const record = ada.page.getByRole("button", { name: "Record" });
    await record.click();
    expect(await record.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => bea.getByText("Ada is recording this meeting.").count()).toBe(1);
    const cy = await joinedParticipant(browser(), appUrl, ada.roomId, "Cy");
    await expect.poll(() => cy.getByText("Ada is recording this meeting.").count()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await record.click();
    await expect.poll(() => bea.getByText(/recording this meeting/).count()).toBe(0);

    const save = ada.page.getByRole("link", { name: "Save recording" });
    expect(await save.getAttribute("download")).toMatch(/^Parley \d{4}-\d\d-\d\d \d\d-\d\d\.webm$/);
    // Played back in the page: a picture of the call's size, and sound decoded from it.
    const played = await save.evaluate(async (link: HTMLAnchorElement) => {
      const video = document.createElement("video");
      video.muted = true;
      video.src = link.href;
      await video.play();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const decoded = video as HTMLVideoElement & {
        webkitAudioDecodedByteCount: number;
        webkitVideoDecodedByteCount: number;
      };
      return {
        width: video.videoWidth,
        height: video.videoHeight,
        audioBytes: decoded.webkitAudioDecodedByteCount,
        videoBytes: decoded.webkitVideoDecodedByteCount,
      };
    });
    expect(played).toMatchObject({ width: 1280, height: 720 });
    expect(played.audioBytes).toBeGreaterThan(0);
    expect(played.videoBytes).toBeGreaterThan(0);
  }, 150_000);
});
