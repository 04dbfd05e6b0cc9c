import { readFile } from "node:fs/promises";
import { describe, expect, inject, it } from "vitest";
import { joinedParticipant, sharedChromium } from "../support/e2e-browser";
import { expectRemoteVideosFlowing } from "../support/meeting-page";
import { createRoom } from "../support/room-client";

const appUrl = inject("appUrl");
const partyHost = inject("partyHost");
const browser = sharedChromium();
const participant = (roomId: string, name: string) => joinedParticipant(browser(), appUrl, roomId, name);

/** Width and height from a PNG's IHDR chunk, after checking the file really is a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  expect(bytes.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe("a tile's own buttons", () => {
  it("take a PNG snapshot at the video's size, pin the tile, float it, and show it full screen", async () => {
    const roomId = await createRoom(partyHost);
    await participant(roomId, "Ada");
    const linus = await participant(roomId, "Linus");
    await expectRemoteVideosFlowing(linus, 1);

    const adaTile = linus.locator('[data-local="false"]', { hasText: "Ada" });
    const size = await adaTile
      .locator("video")
      .evaluate((video: HTMLVideoElement) => ({ width: video.videoWidth, height: video.videoHeight }));
    const [download] = await Promise.all([
      linus.waitForEvent("download"),
      adaTile.getByRole("button", { name: "Take a snapshot of Ada" }).click(),
    ]);

    expect(download.suggestedFilename()).toMatch(/^parley-Ada-.*\.png$/);
    const path = await download.path();
    expect(pngSize(await readFile(path))).toEqual(size);
    expect(size.width).toBeGreaterThan(0);

    // Floating over other windows, and back.
    const float = adaTile.getByRole("button", { name: "Float Ada over other windows" });
    const floatingId = () =>
      linus.evaluate(
        () =>
          document.pictureInPictureElement?.closest("figure")?.getAttribute("data-participant-id") ?? null,
      );
    await float.click();
    await expect.poll(floatingId).toBe(await adaTile.getAttribute("data-participant-id"));
    await expect.poll(() => float.getAttribute("aria-pressed")).toBe("true");
    await float.click();
    await expect.poll(floatingId).toBeNull();
    await expect.poll(() => float.getAttribute("aria-pressed")).toBe("false");

    // The same tile as the spotlight, then full screen.
    await adaTile.getByRole("button", { name: "Pin Ada" }).click();
    await expect.poll(() => adaTile.getAttribute("data-pinned")).toBe("true");
    await adaTile.getByRole("button", { name: "Show Ada full screen" }).click();
    await expect
      .poll(() =>
        linus.evaluate(() => document.fullscreenElement?.getAttribute("data-participant-id") ?? null),
      )
      .toBe(await adaTile.getAttribute("data-participant-id"));
  });
});
