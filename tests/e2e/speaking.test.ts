import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { joinedParticipant, sharedChromium } from "../support/e2e-browser";
import { expectRemoteVideosFlowing } from "../support/meeting-page";
import { createRoom } from "../support/room-client";

const appUrl = inject("appUrl");
const partyHost = inject("partyHost");
const browser = sharedChromium();
const participant = (roomId: string, name: string) => joinedParticipant(browser(), appUrl, roomId, name);

/** Samples a tile's speaking flag every 50 ms for a while: the fake microphone beeps once a second. */
async function speakingSeen(page: Page, selector: string, forMs: number): Promise<boolean> {
  return page.evaluate(
    ({ selector, forMs }) =>
      new Promise<boolean>((resolve) => {
        const end = performance.now() + forMs;
        const check = () => {
          if (document.querySelector(selector)?.getAttribute("data-speaking") === "true")
            return resolve(true);
          if (performance.now() > end) return resolve(false);
          setTimeout(check, 50);
        };
        check();
      }),
    { selector, forMs },
  );
}

describe("who is speaking", () => {
  it("lights up a tile while its audio is loud, locally and for the others, and not when muted", async () => {
    const roomId = await createRoom(partyHost);
    const ada = await participant(roomId, "Ada");
    const linus = await participant(roomId, "Linus");
    await expectRemoteVideosFlowing(linus, 1);

    expect(await speakingSeen(ada, '[data-local="true"]', 10_000)).toBe(true);
    expect(await speakingSeen(linus, '[data-local="false"]', 10_000)).toBe(true);

    await ada.getByRole("button", { name: "Microphone" }).click();
    await linus.getByRole("img", { name: "Microphone off" }).waitFor();
    await linus.waitForTimeout(1000);
    expect(await speakingSeen(linus, '[data-local="false"]', 3000)).toBe(false);
  });
});
