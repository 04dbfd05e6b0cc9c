/**
 * A meeting that moves to the SFU while one person's page cannot download the SFU's code (it loads
 * only for a large meeting): that person is told in words, the others' call goes on, and once the
 * code can come they are brought in with video, without a reload as after one.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newParticipantContext } from "../support/chromium";
import { creatorOfMeeting, joinedParticipant, sharedChromium } from "../support/e2e-browser";
import {
  REMOTE_CAMERA_TILES,
  SELF_TILE,
  expectRemoteVideosFlowing,
  joinFromPreJoin,
} from "../support/meeting-page";
import { sfuServers } from "../support/sfu-servers";

const servers = sfuServers({ meshMax: 2 });
const browser = sharedChromium();

/** The page's scripts, but for the chunk that speaks to Janus, whose every download fails. */
async function withoutSfuCode(page: Page): Promise<void> {
  await page.route(/\/_next\/static\/chunks\/.+\.js$/, async (route) => {
    const response = await route.fetch();
    const body = await response.text();
    if (body.includes("janus.plugin.videoroom")) return route.abort("connectionfailed");
    await route.fulfill({ response, body });
  });
}

describe("a large meeting whose code a page cannot download", () => {
  it("tells that person so, and brings them in with video once the code can come", async () => {
    const { page: ada, roomId } = await creatorOfMeeting(browser(), servers.app().url, "Ada");
    const bea = await joinedParticipant(browser(), servers.app().url, roomId, "Bea");
    const cy = await (await newParticipantContext(browser())).newPage();
    await withoutSfuCode(cy);
    await cy.goto(`${servers.app().url}/room/${roomId}`);
    // The third person moves the meeting to the SFU.
    await joinFromPreJoin(cy, "Cy");

    await cy
      .getByRole("alert")
      .filter({ hasText: "Couldn't load what this large meeting needs" })
      .waitFor({ timeout: 30_000 });
    // Ada and Bea see each other there all the same (and Cy among them, without a picture).
    const cyId = await cy.$eval(SELF_TILE, (tile) => tile.getAttribute("data-participant-id"));
    for (const page of [ada, bea]) {
      await expectRemoteVideosFlowing(page, 1, `${REMOTE_CAMERA_TILES}:not([data-participant-id="${cyId}"])`);
    }

    // The network back: the next try downloads the code afresh, with no reload.
    await cy.unrouteAll({ behavior: "wait" });
    await expectRemoteVideosFlowing(cy, 2);
    await expect
      .poll(() => cy.getByRole("alert").filter({ hasText: "Couldn't load" }).count(), { timeout: 10_000 })
      .toBe(0);

    await cy.reload();
    // Back in the call as themselves, without pressing Join: with both pictures, and nothing to say.
    await expectRemoteVideosFlowing(cy, 2);
    expect(await cy.getByRole("alert").filter({ hasText: "Couldn't load" }).count()).toBe(0);
    for (const page of [ada, bea]) await expectRemoteVideosFlowing(page, 2);
  });
});
