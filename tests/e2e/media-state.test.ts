import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium, newParticipantContext } from "../support/chromium";
import { joinFromPreJoin } from "../support/meeting-page";
import { createRoom } from "../support/room-client";

const appUrl = inject("appUrl");
const partyHost = inject("partyHost");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function participant(roomId: string, name: string): Promise<Page> {
  const page = await (await newParticipantContext(browser)).newPage();
  await page.goto(`${appUrl}/room/${roomId}`);
  await joinFromPreJoin(page, name);
  return page;
}

/** How a viewer sees someone's tile: muted or not, and whether their video or their initials show. */
async function tileOf(viewer: Page, name: string) {
  const tile = viewer.locator('[data-local="false"]', { hasText: name });
  return {
    muted: (await tile.getByRole("img", { name: "Microphone off" }).count()) === 1,
    videoShown: await tile
      .locator("video")
      .evaluate((video) => getComputedStyle(video).visibility === "visible"),
  };
}

describe("microphone and camera state", () => {
  it("shows on a participant's tile for everyone, and for someone who joins later", async () => {
    const roomId = await createRoom(partyHost);
    const [ada, linus, grace] = [
      await participant(roomId, "Ada"),
      await participant(roomId, "Linus"),
      await participant(roomId, "Grace"),
    ];
    for (const viewer of [linus, grace]) {
      await expect.poll(() => tileOf(viewer, "Ada")).toEqual({ muted: false, videoShown: true });
    }

    await ada.getByRole("button", { name: "Microphone" }).click();
    await ada.getByRole("button", { name: "Camera" }).click();
    for (const viewer of [linus, grace]) {
      await expect.poll(() => tileOf(viewer, "Ada")).toEqual({ muted: true, videoShown: false });
    }

    const late = await participant(roomId, "Late");
    await expect.poll(() => tileOf(late, "Ada")).toEqual({ muted: true, videoShown: false });

    await ada.getByRole("button", { name: "Microphone" }).click();
    await expect.poll(() => tileOf(late, "Ada")).toEqual({ muted: false, videoShown: false });
  });
});
