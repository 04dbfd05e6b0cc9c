import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { newParticipantContext } from "../support/chromium";
import { creatorOfMeeting, sharedChromium } from "../support/e2e-browser";
import { alertText, expectRemoteVideosFlowing, joinFromPreJoin } from "../support/meeting-page";

const appUrl = inject("appUrl");
const browser = sharedChromium();

const newPage = async () => (await newParticipantContext(browser())).newPage();

/** Starts a meeting from the lobby, as its host would, and joins it. */
async function hostStartsMeeting(): Promise<{ host: Page; meetingUrl: string }> {
  const { page, meetingUrl } = await creatorOfMeeting(browser(), appUrl, "Host");
  return { host: page, meetingUrl };
}

async function openParticipants(page: Page) {
  const toggle = page.getByRole("button", { name: "Participants", exact: true });
  if ((await toggle.getAttribute("aria-pressed")) !== "true") await toggle.click();
}

async function askToJoin(meetingUrl: string, name: string): Promise<Page> {
  const guest = await newPage();
  await guest.goto(meetingUrl);
  await guest.getByRole("textbox", { name: "Your name" }).fill(name);
  await guest.getByRole("button", { name: "Ask to join", disabled: false }).click({ timeout: 20_000 });
  await guest.getByText("Asking to join.").waitFor();
  return guest;
}

describe("the host of a meeting", () => {
  it("locks it, lets one person in, turns another away, and removes someone", async () => {
    const { host, meetingUrl } = await hostStartsMeeting();
    await openParticipants(host);
    const lock = host.getByRole("button", { name: "Lock meeting" });
    await lock.click();
    await expect.poll(() => lock.getAttribute("aria-pressed")).toBe("true");

    const ada = await askToJoin(meetingUrl, "Ada");
    await host.getByRole("button", { name: "Admit Ada" }).click({ timeout: 15_000 });
    await ada.getByRole("button", { name: "Leave" }).waitFor({ timeout: 15_000 });
    await expectRemoteVideosFlowing(ada, 1);
    await expectRemoteVideosFlowing(host, 1);

    const eve = await askToJoin(meetingUrl, "Eve");
    await host.getByRole("button", { name: "Deny Eve" }).click({ timeout: 15_000 });
    await expect.poll(() => alertText(eve)).toContain("The host didn't let you in.");
    expect(await eve.getByRole("button", { name: "Leave" }).count()).toBe(0);

    await host.getByRole("button", { name: "Remove Ada" }).click();
    await expect.poll(() => alertText(ada)).toContain("The host removed you from the meeting.");
    await ada.getByRole("heading", { name: "You were removed from the meeting" }).waitFor();
    await expect.poll(() => host.getByText("1 person in the call").count()).toBe(1);
  });

  it("keeps host rights in another browser opened with the host link, and nobody else gets them", async () => {
    const { host, meetingUrl } = await hostStartsMeeting();
    await openParticipants(host);
    await host.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: appUrl });
    await host.getByRole("button", { name: "Copy host link" }).click();
    await host.getByText("Host link copied.").waitFor();
    const hostLink = await host.evaluate(() => navigator.clipboard.readText());
    expect(hostLink).toMatch(/^http.+\/room\/.+#host=[A-Za-z0-9_-]+$/);
    // The invite link people share has no key in it.
    expect(meetingUrl).not.toContain("#host=");

    const laptop = await newPage();
    await laptop.goto(hostLink);
    // The key is kept, and taken out of the address bar at once.
    await expect.poll(() => laptop.url()).toBe(meetingUrl);
    await joinFromPreJoin(laptop, "Host on laptop");
    await openParticipants(laptop);
    await laptop.getByRole("button", { name: "Lock meeting" }).waitFor();

    const guest = await newPage();
    await guest.goto(meetingUrl);
    await joinFromPreJoin(guest, "Guest");
    await openParticipants(guest);
    expect(await guest.getByRole("button", { name: "Lock meeting" }).count()).toBe(0);
    expect(await guest.getByRole("button", { name: /^Remove / }).count()).toBe(0);
  });
});
