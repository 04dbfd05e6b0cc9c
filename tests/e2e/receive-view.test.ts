import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { joinedParticipant, sharedChromium } from "../support/e2e-browser";
import {
  countReceiving,
  expectRemoteVideosFlowing,
  REMOTE_CAMERA_TILES,
  remoteVideoStats,
  senderEncodings,
} from "../support/meeting-page";
import { createRoom } from "../support/room-client";

const appUrl = inject("appUrl");
const partyHost = inject("partyHost");
/**
 * A second of silence, as a 16-bit mono WAV, for every fake microphone: Chromium's own beeps would
 * make someone the active speaker, whom a paged strip brings onto its first page, and who is on which
 * page is what this test is about.
 */
function silentMicrophone(): string {
  const samples = Buffer.alloc(48_000 * 2);
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + samples.length, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(48_000, 24);
  header.writeUInt32LE(48_000 * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(samples.length, 40);
  const file = join(tmpdir(), `parley-silence-${process.pid}.wav`);
  writeFileSync(file, Buffer.concat([header, samples]));
  return file;
}

const browser = sharedChromium({ extraArgs: [`--use-file-for-fake-audio-capture=${silentMicrophone()}`] });
const participant = (roomId: string, name: string) => joinedParticipant(browser(), appUrl, roomId, name);

const tileOf = (page: Page, name: string) => page.locator(REMOTE_CAMERA_TILES, { hasText: name });

/** Frames decoded and picture height of `name`'s camera at `page`. */
async function cameraAt(page: Page, name: string) {
  const id = await tileOf(page, name).getAttribute("data-participant-id");
  const tile = (await remoteVideoStats(page)).find((stats) => stats.id === id);
  if (!tile) throw new Error(`No tile for ${name}.`);
  return tile;
}

/** How much the frames from `name` rose at `page` over two seconds. */
async function framesRiseOver2s(page: Page, name: string): Promise<number> {
  const before = (await cameraAt(page, name)).framesDecoded;
  await page.waitForTimeout(2000);
  return (await cameraAt(page, name)).framesDecoded - before;
}

/** Each connected link's camera encoding at `page`: whether it is sent, and how far scaled down. */
const cameraEncodings = async (page: Page) =>
  (await senderEncodings(page))
    .map(({ video }) => `${video?.active ? "sent" : "paused"} /${video?.scaleResolutionDownBy?.toFixed(2)}`)
    .sort();

/**
 * A view's change reaches its sender through the room server and is applied there with setParameters:
 * on a busy machine that takes longer than vitest's default second.
 */
const SETTLE = { timeout: 15_000 };

// A 480-line camera: sent at /1.5 to a room of four, and at /2.67 (180 lines) to a phone's thumbnail.
const ROOM_OF_FOUR = "sent /1.50";
const THUMBNAIL = "sent /2.67";

/** Four joins and seven changes of view: 50 s here, 88 s with both cores kept busy. */
const WHOLE_TEST_MS = 180_000;

describe("what a receiver shows decides what is sent to it", () => {
  it(
    "sends a thumbnail fewer pixels, a tile on another page nothing, and video again once its page shows",
    async () => {
      const roomId = await createRoom(partyHost);
      const ada = await participant(roomId, "Ada");
      const [, cy, dan] = [
        await participant(roomId, "Bea"),
        await participant(roomId, "Cy"),
        await participant(roomId, "Dan"),
      ];
      await expectRemoteVideosFlowing(ada, 3);
      // In the grid, every camera goes to everyone at the room's size.
      await expect.poll(() => cameraEncodings(dan), SETTLE).toEqual(Array(3).fill(ROOM_OF_FOUR));

      // A phone-sized window with Bea pinned: the others go to a strip of two a page, Dan on the second.
      await ada.setViewportSize({ width: 400, height: 560 });
      // The phone's one-row controls first (the layout settles), then the pin and its strip's two pages.
      await ada.getByRole("button", { name: "More options" }).waitFor();
      await tileOf(ada, "Bea").getByRole("button", { name: "Pin Bea" }).click();
      await ada.getByRole("navigation", { name: "Pages of the others" }).getByText("Page 1 of 2").waitFor();
      await expect.poll(() => cameraEncodings(cy), SETTLE).toEqual([ROOM_OF_FOUR, ROOM_OF_FOUR, THUMBNAIL]);
      await expect
        .poll(() => cameraEncodings(dan), SETTLE)
        .toEqual(["paused /1.50", ROOM_OF_FOUR, ROOM_OF_FOUR]);
      expect(await tileOf(ada, "Dan").count()).toBe(0);
      // Bea's and Cy's videos arrive, Dan's does not.
      await expect.poll(() => ada.evaluate(countReceiving, "video"), { timeout: 15_000 }).toBe(2);
      expect(await framesRiseOver2s(ada, "Cy")).toBeGreaterThan(5);
      expect((await cameraAt(ada, "Cy")).videoHeight).toBeLessThanOrEqual(270);

      // On the next page, Dan's camera comes back, at thumbnail size, and Cy's, now off the page, pauses.
      const pager = ada.getByRole("navigation", { name: "Pages of the others" });
      await pager.getByRole("button", { name: "Next page" }).click();
      await expect.poll(() => cameraEncodings(dan), SETTLE).toEqual([ROOM_OF_FOUR, ROOM_OF_FOUR, THUMBNAIL]);
      await expect
        .poll(() => cameraEncodings(cy), SETTLE)
        .toEqual(["paused /1.50", ROOM_OF_FOUR, ROOM_OF_FOUR]);
      await expect.poll(() => framesRiseOver2s(ada, "Dan"), { timeout: 15_000 }).toBeGreaterThan(5);

      // Unpinned, in a wide window again: back to the grid, every camera at the room's size.
      await ada.setViewportSize({ width: 1024, height: 700 });
      await tileOf(ada, "Bea").getByRole("button", { name: "Pin Bea" }).click();
      for (const page of [cy, dan]) {
        await expect.poll(() => cameraEncodings(page), SETTLE).toEqual(Array(3).fill(ROOM_OF_FOUR));
      }
    },
    WHOLE_TEST_MS,
  );
});
