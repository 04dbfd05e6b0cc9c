import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { joinedParticipant, sharedChromium } from "../support/e2e-browser";
import { expectRemoteVideosFlowing, REMOTE_SCREEN_TILES, remoteVideoStats } from "../support/meeting-page";
import { createRoom } from "../support/room-client";

const appUrl = inject("appUrl");
const partyHost = inject("partyHost");
const browser = sharedChromium();
const participant = (roomId: string, name: string) => joinedParticipant(browser(), appUrl, roomId, name);

const screenTiles = (page: Page) => page.locator(REMOTE_SCREEN_TILES);

/** Each tile too small to see (under 72 px tall) or reaching under the control row, by its text. */
async function tilesOutOfSight(page: Page): Promise<string[]> {
  const leave = await page.getByRole("button", { name: "Leave" }).boundingBox();
  return page.locator(`[data-participant-id], ${REMOTE_SCREEN_TILES}`).evaluateAll((tiles, controlsTop) => {
    return tiles.flatMap((tile) => {
      const box = tile.getBoundingClientRect();
      const seen = box.height >= 72 && box.bottom <= controlsTop;
      return seen ? [] : [`${tile.textContent}: ${Math.round(box.top)} + ${Math.round(box.height)} px`];
    });
  }, leave?.y ?? 0);
}
const shareScreen = (page: Page) => page.getByRole("button", { name: "Share screen" }).click();

describe("screen sharing", () => {
  it("sends a shared screen to everyone as a tile of its own, shown large, until Stop sharing", async () => {
    const roomId = await createRoom(partyHost);
    const [ada, bea, cy] = [
      await participant(roomId, "Ada"),
      await participant(roomId, "Bea"),
      await participant(roomId, "Cy"),
    ];
    await expectRemoteVideosFlowing(ada, 2);

    await shareScreen(bea);
    for (const viewer of [ada, cy]) {
      await expectRemoteVideosFlowing(viewer, 1, REMOTE_SCREEN_TILES);
      const tile = screenTiles(viewer);
      expect(await tile.textContent()).toContain("Bea's screen");
      // A new screen takes the spotlight.
      expect(await tile.getAttribute("data-pinned")).toBe("true");
      // The camera tiles still flow beside it.
      await expectRemoteVideosFlowing(viewer, 2);
    }
    const [screen] = await remoteVideoStats(ada, REMOTE_SCREEN_TILES);
    expect(screen?.videoWidth).toBeGreaterThan(0);

    // A short window (a phone on its side): the others go beside the screen, the controls fold
    // behind More, and every tile stays in sight above them.
    await ada.setViewportSize({ width: 900, height: 360 });
    await expect.poll(() => tilesOutOfSight(ada)).toEqual([]);
    expect(await ada.getByRole("button", { name: "More options" }).count()).toBe(1);
    await ada.setViewportSize({ width: 1024, height: 700 });

    await bea.getByRole("button", { name: "Stop sharing" }).click();
    for (const viewer of [ada, cy]) {
      await expect.poll(() => screenTiles(viewer).count(), { timeout: 10_000 }).toBe(0);
      expect(await viewer.locator("[data-pinned]").count()).toBe(0);
    }
    expect(await bea.getByRole("button", { name: "Share screen" }).getAttribute("aria-pressed")).toBe(
      "false",
    );
    await expectRemoteVideosFlowing(ada, 2);
  });

  it("gets both screens through when two people start sharing at the same moment", async () => {
    const roomId = await createRoom(partyHost);
    const [ada, bea] = [await participant(roomId, "Ada"), await participant(roomId, "Bea")];
    await expectRemoteVideosFlowing(ada, 1);

    await Promise.all([shareScreen(ada), shareScreen(bea)]);
    await expectRemoteVideosFlowing(ada, 1, REMOTE_SCREEN_TILES);
    await expectRemoteVideosFlowing(bea, 1, REMOTE_SCREEN_TILES);
    await expectRemoteVideosFlowing(ada, 1);
    await expectRemoteVideosFlowing(bea, 1);
  });
});
