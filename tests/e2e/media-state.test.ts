import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { joinedParticipant, sharedChromium } from "../support/e2e-browser";
import { createRoom } from "../support/room-client";

const appUrl = inject("appUrl");
const partyHost = inject("partyHost");
const browser = sharedChromium();
const participant = (roomId: string, name: string) => joinedParticipant(browser(), appUrl, roomId, name);

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
