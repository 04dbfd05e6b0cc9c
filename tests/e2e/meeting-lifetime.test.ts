/**
 * A meeting's life as a person meets it, against a room server of this file's own: meetings that
 * expire within seconds, and a per-address limit on starting them.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creatorOfMeeting, sharedChromium } from "../support/e2e-browser";
import { newParticipantContext } from "../support/chromium";
import { alertText } from "../support/meeting-page";
import { startAppServer, startPartyServer, type RunningServer } from "../support/servers";

const EXPIRY_SECONDS = 12;
const browser = sharedChromium();
let party: RunningServer;
let app: RunningServer;

beforeAll(async () => {
  party = await startPartyServer({
    vars: { PARLEY_MEETING_EXPIRY_DAYS: String(EXPIRY_SECONDS / 86_400), PARLEY_CREATE_PER_MINUTE: "2" },
  });
  app = await startAppServer({ partyHost: party.host });
});
afterAll(async () => {
  await app?.stop();
  await party?.stop();
});

/** A page whose requests to the room server come from `address`, as Cloudflare would report it. */
async function pageFrom(address: string): Promise<Page> {
  const page = await (await newParticipantContext(browser())).newPage();
  await page.route(`http://${party.host}/parties/**`, (route) =>
    route.continue({ headers: { ...route.request().headers(), "cf-connecting-ip": address } }),
  );
  return page;
}

describe("a meeting's lifetime, as a person sees it", () => {
  it("tells someone on the pre-join screen that the meeting has ended once it expires, and offers a new one", async () => {
    const ada = await creatorOfMeeting(browser(), app.url, "Ada");
    await ada.page.getByRole("button", { name: "Leave" }).click();
    const bea = await (await newParticipantContext(browser())).newPage();
    await bea.goto(ada.meetingUrl);

    await expect
      .poll(() => alertText(bea), { timeout: (EXPIRY_SECONDS + 20) * 1000 })
      .toContain("This meeting has ended, or its code is wrong.");
    expect(await bea.getByRole("heading", { name: "Meeting not found" }).count()).toBe(1);
    await bea.getByRole("link", { name: "Start a new meeting" }).click();
    await bea.getByRole("button", { name: "New meeting" }).waitFor();

    // Opening the link afresh says the same.
    await bea.goto(ada.meetingUrl);
    await expect.poll(() => alertText(bea), { timeout: 15_000 }).toContain("This meeting has ended");
    await Promise.all([ada.page.context().close(), bea.context().close()]);
  });

  it("says so in words when one address starts too many meetings, and starts none", async () => {
    const page = await pageFrom("198.51.100.77");
    await page.goto(app.url);
    for (let i = 0; i < 2; i++) {
      await page.getByRole("button", { name: "New meeting" }).click();
      await page.waitForURL(/\/room\//);
      await page.goBack();
    }

    await page.getByRole("button", { name: "New meeting" }).click();
    await expect
      .poll(() => alertText(page))
      .toContain("You have started many meetings in a short time. Try again in a minute.");
    expect(new URL(page.url()).pathname).toBe("/");

    // Someone elsewhere is not held back by it.
    const elsewhere = await pageFrom("198.51.100.78");
    await elsewhere.goto(app.url);
    await elsewhere.getByRole("button", { name: "New meeting" }).click();
    await elsewhere.waitForURL(/\/room\//);
    await Promise.all([page.context().close(), elsewhere.context().close()]);
  });
});
