import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { newParticipantContext } from "../support/chromium";
import { creatorOfMeeting, sharedChromium } from "../support/e2e-browser";
import { expectRemoteVideosFlowing, isSkyBlue, joinFromPreJoin, lookAt } from "../support/meeting-page";

const appUrl = inject("appUrl");

/**
 * The fake camera shows a black-and-white checkerboard of 8-pixel squares: sharp edges everywhere,
 * so a blurred background is plain to measure, and a picture behind it plain to see.
 */
function checkerboardCamera(): string {
  const [width, height] = [640, 480];
  const luma = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) luma[y * width + x] = ((x >> 3) ^ (y >> 3)) & 1 ? 235 : 16;
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const file = join(tmpdir(), `parley-checkerboard-${process.pid}.y4m`);
  const header = `YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`;
  writeFileSync(file, Buffer.concat([Buffer.from(header), Buffer.from("FRAME\n"), luma, chroma]));
  return file;
}

const browser = sharedChromium({ extraArgs: [`--use-file-for-fake-video-capture=${checkerboardCamera()}`] });

const PREVIEW = '[data-local="true"]';
const BEA_AS_ADA_SEES_HER = '[data-local="false"][data-participant-id]';

/** The meeting's pre-join screen, with its background effects shown. */
async function openPreJoin(roomId: string): Promise<Page> {
  const page = await (await newParticipantContext(browser())).newPage();
  await page.goto(`${appUrl}/room/${roomId}`);
  const effects = page.getByRole("button", { name: "Background effects · No effect" });
  await effects.click();
  expect(await effects.getAttribute("aria-expanded")).toBe("true");
  return page;
}

/** Chooses a background as a person does, and waits until it has started. */
async function chooseBackground(page: Page, name: string): Promise<void> {
  await page.getByRole("radio", { name, exact: true }).check();
  await page.getByText("Blur and pictures are worked out on this device").waitFor({ timeout: 40_000 });
}

describe("background effects", () => {
  it("blurs the background from the preview on, the other person sees it, and sharp again on No effect", async () => {
    const ada = await creatorOfMeeting(browser(), appUrl, "Ada");
    const bea = await openPreJoin(ada.roomId);
    await expect
      .poll(async () => (await lookAt(bea, PREVIEW)).sharpness, { timeout: 20_000 })
      .toBeGreaterThan(20);

    await chooseBackground(bea, "Blur");
    await expect
      .poll(async () => (await lookAt(bea, PREVIEW)).sharpness, { timeout: 20_000 })
      .toBeLessThan(5);
    await joinFromPreJoin(bea, "Bea");

    await expectRemoteVideosFlowing(ada.page, 1);
    await expect
      .poll(async () => (await lookAt(ada.page, BEA_AS_ADA_SEES_HER)).sharpness, { timeout: 20_000 })
      .toBeLessThan(5);

    // Settings in the call: the same choice, and the camera as it is comes back without a new call.
    await bea.getByRole("button", { name: "Settings", exact: true }).click();
    expect(await bea.getByRole("radio", { name: "Blur", exact: true }).isChecked()).toBe(true);
    await bea.getByRole("radio", { name: "No effect" }).check();
    await expect
      .poll(async () => (await lookAt(ada.page, BEA_AS_ADA_SEES_HER)).sharpness, { timeout: 20_000 })
      .toBeGreaterThan(20);
    await expectRemoteVideosFlowing(ada.page, 1);
  });

  it("puts a picture behind the person, refuses a file that is not one, and takes one of their own", async () => {
    const ada = await creatorOfMeeting(browser(), appUrl, "Ada");
    const bea = await openPreJoin(ada.roomId);
    const ownPicture = bea.getByLabel("Your own picture…");
    await ownPicture.setInputFiles({
      name: "notes.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("hello"),
    });
    await bea.getByText("That file isn't a picture. Choose a JPEG, PNG or WebP image.").waitFor();
    expect(await bea.getByRole("radio", { name: "No effect" }).isChecked()).toBe(true);

    await chooseBackground(bea, "Meadow");
    await joinFromPreJoin(bea, "Bea");
    await expectRemoteVideosFlowing(ada.page, 1);
    await expect
      .poll(async () => isSkyBlue((await lookAt(ada.page, BEA_AS_ADA_SEES_HER)).top), { timeout: 20_000 })
      .toBe(true);

    // A plain magenta picture, made as a PNG in the page.
    const magenta = await bea.evaluate(async () => {
      const canvas = new OffscreenCanvas(320, 180);
      const context = canvas.getContext("2d");
      if (!context) throw new Error("no 2D canvas");
      context.fillStyle = "#ff00ff";
      context.fillRect(0, 0, 320, 180);
      const blob = await canvas.convertToBlob({ type: "image/png" });
      return [...new Uint8Array(await blob.arrayBuffer())];
    });
    await bea.getByRole("button", { name: "Settings", exact: true }).click();
    await bea
      .getByLabel("Your own picture…")
      .setInputFiles({ name: "magenta.png", mimeType: "image/png", buffer: Buffer.from(magenta) });
    await expect
      .poll(() => bea.getByRole("radio", { name: "magenta.png" }).isChecked(), { timeout: 20_000 })
      .toBe(true);
    await expect
      .poll(
        async () => {
          const [red, green, blue] = (await lookAt(ada.page, BEA_AS_ADA_SEES_HER)).top;
          return red > 180 && blue > 180 && green < 90;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
  });
});
