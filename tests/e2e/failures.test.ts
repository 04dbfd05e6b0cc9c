import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createRoomId } from "../../lib/room-id";
import { launchChromium, newParticipantContext } from "../support/chromium";
import {
  alertText,
  expectRemoteVideosFlowing,
  joinFromPreJoin,
  peerConnectionStates,
} from "../support/meeting-page";
import { createRoom, RoomClient } from "../support/room-client";

const appUrl = inject("appUrl");
const partyHost = inject("partyHost");
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  context = await newParticipantContext(browser);
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
});

describe("what a person sees when something is wrong", () => {
  it("says a malformed code is not a meeting code, and stays in the lobby", async () => {
    await page.goto(appUrl);
    await page.getByRole("textbox", { name: "Meeting code or link" }).fill("hello there");
    await page.getByRole("button", { name: "Join", exact: true }).click();
    await expect.poll(() => alertText(page)).toContain("isn't a meeting code or link");
    expect(page.url()).toBe(`${appUrl}/`);
  });

  it("says so when a new meeting cannot be started because the server is unreachable", async () => {
    await page.route(`http://${partyHost}/parties/**`, (route) => route.abort("connectionrefused"));
    await page.goto(appUrl);
    await page.getByRole("button", { name: "New meeting" }).click();
    await expect
      .poll(() => alertText(page))
      .toContain(
        "Couldn't reach the meeting server to start a meeting. Check your connection and try again.",
      );
    expect(page.url()).toBe(`${appUrl}/`);
    expect(await page.getByRole("button", { name: "New meeting" }).isEnabled()).toBe(true);
  });

  it("has the connection check say the meeting server can't be reached, and what that means", async () => {
    await page.route(`http://${partyHost}/parties/**`, (route) => route.abort("connectionrefused"));
    await page.goto(`${appUrl}/check`);
    const checks = page.getByRole("list", { name: "Checks" });
    await expect.poll(() => checks.getAttribute("aria-busy"), { timeout: 20_000 }).toBe("false");
    expect(await checks.getByRole("listitem", { name: "Meeting server" }).textContent()).toContain(
      "Can't reach the meeting server.",
    );
    expect(await checks.getByRole("listitem", { name: "Relay (TURN)" }).textContent()).toContain(
      "Needs the meeting server",
    );
    expect(await checks.getByRole("listitem", { name: "Camera" }).textContent()).toContain(
      "Your camera works.",
    );
  });

  it("says Meeting not found for a code nobody started, with a way back", async () => {
    await page.goto(`${appUrl}/room/${createRoomId()}`);
    await expect.poll(() => alertText(page), { timeout: 15_000 }).toContain("Meeting not found");
    await page.getByRole("link", { name: "Start a new meeting" }).click();
    await page.getByRole("button", { name: "New meeting" }).waitFor();
  });

  it("says Meeting not found for a link that is not a meeting code at all", async () => {
    const response = await page.goto(`${appUrl}/room/not-a-meeting`);
    expect(response?.status()).toBe(404);
    await expect.poll(() => alertText(page)).toContain("Meeting not found");
  });

  it("takes a meeting code typed in capitals without dashes to the meeting", async () => {
    const roomId = await createRoom(partyHost);
    await page.goto(`${appUrl}/room/${roomId.replaceAll("-", "").toUpperCase()}`);
    expect(page.url()).toBe(`${appUrl}/room/${roomId}`);
    await page.getByRole("heading", { name: "Ready to join?" }).waitFor();
  });

  it("says Page not found for an address that is not Parley's", async () => {
    const response = await page.goto(`${appUrl}/nowhere`);
    expect(response?.status()).toBe(404);
    await expect.poll(() => alertText(page)).toContain("Page not found");
  });

  it("tells the seventh person that the meeting is full, and lets them in when a seat frees up", async () => {
    const roomId = await createRoom(partyHost);
    const members = await Promise.all(Array.from({ length: 6 }, () => RoomClient.connect(partyHost, roomId)));
    for (const [index, member] of members.entries()) await member.join(`Person ${index + 1}`);

    await page.goto(`${appUrl}/room/${roomId}`);
    await page.getByRole("textbox", { name: "Your name" }).fill("Seventh");
    await expect.poll(() => alertText(page), { timeout: 15_000 }).toContain("This meeting is full (6 of 6).");
    expect(await page.getByRole("button", { name: "Join now" }).isDisabled()).toBe(true);

    members[0]!.close();
    await expect
      .poll(() => page.getByRole("button", { name: "Join now" }).isEnabled(), { timeout: 15_000 })
      .toBe(true);
    members.slice(1).forEach((member) => member.close());
  });

  it("shows that the meeting server cannot be reached instead of failing silently", async () => {
    const roomId = await createRoom(partyHost);
    await context.routeWebSocket(/\/parties\//, (socket) => socket.close());
    await page.goto(`${appUrl}/room/${roomId}`);
    await expect
      .poll(() => alertText(page), { timeout: 20_000 })
      .toContain("Can't reach the meeting server. Reconnecting...");
  });

  it("says the page couldn't load when it fails, and Reload puts it right", async () => {
    const roomId = await createRoom(partyHost);
    const adaContext = await newParticipantContext(browser);
    try {
      const ada = await adaContext.newPage();
      await ada.goto(`${appUrl}/room/${roomId}`);
      await joinFromPreJoin(ada, "Ada");
      await page.goto(`${appUrl}/room/${roomId}`);
      await page.getByText("Ada is here").waitFor();
      // The call to Ada connected ahead, so the call screen shows at the press, before the server's
      // answer (with a call still connecting it would wait for it, and the tab would be remembered
      // as in the call).
      await expect.poll(() => peerConnectionStates(page), { timeout: 20_000 }).toContain("connected");
      // The call screen then fails as it shows: its grid cannot watch its own size. Only this load.
      await page.evaluate(
        `window.ResizeObserver = class { constructor() { throw new Error("no size watcher"); } }`,
      );
      await page.getByRole("textbox", { name: "Your name" }).fill("Bea");
      await page.getByRole("button", { name: "Join now", disabled: false }).click();
      // The framework's own page for a page that failed, in words a person understands, with a way out.
      await page.getByRole("heading", { name: "This page couldn’t load" }).waitFor();
      expect(await page.getByText("Reload to try again, or go back.").isVisible()).toBe(true);

      // It failed before the server had them in the call: back on the pre-join screen, name kept.
      await page.getByRole("button", { name: "Reload" }).click();
      const name = page.getByRole("textbox", { name: "Your name" });
      await name.waitFor({ timeout: 20_000 });
      expect(await name.inputValue()).toBe("Bea");
      await joinFromPreJoin(page, "Bea");
      await Promise.all([expectRemoteVideosFlowing(page, 1), expectRemoteVideosFlowing(ada, 1)]);
    } finally {
      await adaContext.close();
    }
  });
});

describe("camera or microphone blocked", () => {
  it("explains which device is blocked and still lets the person join", async () => {
    const denyingBrowser = await launchChromium({ grantMedia: false });
    try {
      const blockedContext = await newParticipantContext(denyingBrowser);
      await blockedContext.grantPermissions(["microphone"], { origin: appUrl });
      const blockedPage = await blockedContext.newPage();
      const roomId = await createRoom(partyHost);
      await blockedPage.goto(`${appUrl}/room/${roomId}`);
      await expect
        .poll(() => alertText(blockedPage), { timeout: 20_000 })
        .toContain(
          "Your camera is blocked. Allow access in your browser's site settings, then reload. You can join with audio only.",
        );
      expect(await blockedPage.getByRole("button", { name: "Camera" }).isDisabled()).toBe(true);
      expect(await blockedPage.getByRole("button", { name: "Microphone" }).getAttribute("aria-pressed")).toBe(
        "true",
      );
      await blockedPage.getByRole("textbox", { name: "Your name" }).fill("Audio Only");
      await blockedPage.getByRole("button", { name: "Join now" }).click();
      await blockedPage.locator('[data-local="true"][data-participant-id]').waitFor();

      // The connection check says the same, and what to do.
      await blockedPage.goto(`${appUrl}/check`);
      const camera = blockedPage
        .getByRole("list", { name: "Checks" })
        .getByRole("listitem", { name: "Camera" });
      await expect
        .poll(() => camera.textContent(), { timeout: 20_000 })
        .toContain("Your camera is blocked. Allow it in your browser's site settings, then check again.");
    } finally {
      await denyingBrowser.close();
    }
  });
});

describe("a participant the network will not let you reach", () => {
  it("says so on both tiles instead of connecting for ever", async () => {
    // No UDP and no proxy: this browser has no ICE candidate at all, like one behind a strict firewall.
    const firewalled = await launchChromium({
      extraArgs: ["--webrtc-ip-handling-policy=disable_non_proxied_udp"],
    });
    try {
      const roomId = await createRoom(partyHost);
      await page.goto(`${appUrl}/room/${roomId}`);
      await joinFromPreJoin(page, "Ada");
      const blockedPage = await (await newParticipantContext(firewalled)).newPage();
      await blockedPage.goto(`${appUrl}/room/${roomId}`);
      await joinFromPreJoin(blockedPage, "Bob");
      for (const [viewer, other] of [
        [page, "Bob"],
        [blockedPage, "Ada"],
      ] as const) {
        await expect
          .poll(() => alertText(viewer), { timeout: 40_000, interval: 1000 })
          .toContain(`Can't reach ${other}. A firewall or network between you may be blocking the call.`);
      }
    } finally {
      await firewalled.close();
    }
  });
});
