import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { joinedParticipant, sharedChromium } from "../support/e2e-browser";
import { sendFileFrom, transferItem } from "../support/meeting-page";
import { createRoom } from "../support/room-client";

const appUrl = inject("appUrl");
const partyHost = inject("partyHost");
const browser = sharedChromium();
const participant = (roomId: string, name: string) => joinedParticipant(browser(), appUrl, roomId, name);

let folder = "";
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "parley-files-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** Data channels a page opened or was offered that are not closed. */
const openDataChannels = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { __parley: { dataChannels: RTCDataChannel[] } }).__parley.dataChannels.filter(
        (channel) => channel.readyState !== "closed",
      ).length,
  );

describe("sending files", () => {
  it("delivers a 20 MB file byte for byte once accepted, and reports the throughput", async () => {
    const roomId = await createRoom(partyHost);
    const [ada, bea] = [await participant(roomId, "Ada"), await participant(roomId, "Bea")];
    const bytes = randomBytes(20 * 1024 * 1024);
    const path = join(folder, "holiday.bin");
    await writeFile(path, bytes);

    await sendFileFrom(ada, path, "Bea");
    await expect
      .poll(() => transferItem(ada, "holiday.bin").textContent())
      .toContain("Waiting for Bea to accept");
    // The offer opens Bea's Files panel by itself.
    const offer = transferItem(bea, "holiday.bin");
    await offer.getByRole("button", { name: "Accept holiday.bin" }).click({ timeout: 15_000 });

    const save = bea.getByRole("link", { name: "Save holiday.bin" });
    await save.waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([bea.waitForEvent("download"), save.click()]);
    expect(download.suggestedFilename()).toBe("holiday.bin");
    expect(sha256(await readFile(await download.path()))).toBe(sha256(bytes));
    await expect
      .poll(() => transferItem(ada, "holiday.bin").textContent())
      .toMatch(/Sent and checked at .+\/s/);
    expect(await transferItem(bea, "holiday.bin").textContent()).toMatch(/Received and checked at .+\/s/);
  });

  it("leaves both sides clean when the receiver cancels midway, and the next file still goes through", async () => {
    const roomId = await createRoom(partyHost);
    const [ada, bea] = [await participant(roomId, "Ada"), await participant(roomId, "Bea")];
    const large = join(folder, "large.iso");
    await writeFile(large, "");
    await truncate(large, 1024 * 1024 * 1024);

    await sendFileFrom(ada, large, "Everyone");
    await transferItem(bea, "large.iso")
      .getByRole("button", { name: "Accept large.iso" })
      .click({ timeout: 15_000 });
    await expect.poll(() => transferItem(bea, "large.iso").textContent()).toMatch(/Receiving\.\.\. \d+%/);
    await transferItem(bea, "large.iso").getByRole("button", { name: "Cancel large.iso" }).click();

    await expect
      .poll(() => transferItem(ada, "large.iso").textContent())
      .toContain("The other person cancelled.");
    await expect.poll(() => transferItem(bea, "large.iso").textContent()).toContain("Cancelled.");
    for (const page of [ada, bea]) {
      expect(await transferItem(page, "large.iso").getByRole("progressbar").count()).toBe(0);
      // A closing channel still flushes what the sender had buffered (up to 4 MiB) before it is closed:
      // on a busy machine that can take longer than a second.
      await expect.poll(() => openDataChannels(page), { timeout: 10_000 }).toBe(0);
    }
    expect(await bea.getByRole("link", { name: "Save large.iso" }).count()).toBe(0);

    const small = join(folder, "notes.txt");
    await writeFile(small, "after the cancel");
    await sendFileFrom(ada, small, "Bea");
    await transferItem(bea, "notes.txt")
      .getByRole("button", { name: "Accept notes.txt" })
      .click({ timeout: 15_000 });
    await bea.getByRole("link", { name: "Save notes.txt" }).waitFor({ timeout: 15_000 });
  });
});
