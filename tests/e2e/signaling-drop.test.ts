import type { WebSocketRoute } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium, newParticipantContext } from "../support/chromium";
import { alertText, expectRemoteVideosFlowing, joinFromPreJoin } from "../support/meeting-page";
import { createRoom, RoomClient } from "../support/room-client";

const appUrl = inject("appUrl");
const partyHost = inject("partyHost");
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("when the meeting server drops mid-call", () => {
  it("says it is reconnecting, keeps the call going, and resumes as the same participant", async () => {
    const roomId = await createRoom(partyHost);
    const watcher = await RoomClient.connect(partyHost, roomId);

    const context = await newParticipantContext(browser);
    // Every socket to the room server passes through here, so the test can cut it like a network would.
    let serverReachable = true;
    const routes: WebSocketRoute[] = [];
    await context.routeWebSocket(/\/parties\//, (route) => {
      if (!serverReachable) return route.close();
      routes.push(route);
      route.connectToServer();
    });
    const ada = await context.newPage();
    await ada.goto(`${appUrl}/room/${roomId}`);
    await joinFromPreJoin(ada, "Ada");

    const linus = await (await newParticipantContext(browser)).newPage();
    await linus.goto(`${appUrl}/room/${roomId}`);
    await joinFromPreJoin(linus, "Linus");
    await expectRemoteVideosFlowing(ada, 1);

    await watcher.rosterNames(["Ada", "Linus"]);
    const adaBefore = watcher.latestRoster()?.participants.find((p) => p.name === "Ada");
    expect(adaBefore).toBeDefined();
    const rostersSeen = watcher.received.length;
    serverReachable = false;
    routes.forEach((route) => route.close());
    await expect
      .poll(() => alertText(ada), { timeout: 15_000 })
      .toContain("Lost the connection to the meeting server. Reconnecting...");
    // The call does not need the server: media keeps flowing both ways while it is gone.
    await Promise.all([expectRemoteVideosFlowing(ada, 1), expectRemoteVideosFlowing(linus, 1)]);

    serverReachable = true;
    await expect.poll(() => alertText(ada), { timeout: 15_000 }).not.toContain("Reconnecting");
    await Promise.all([expectRemoteVideosFlowing(ada, 1), expectRemoteVideosFlowing(linus, 1)]);
    // Ada came back as herself: same participant, never dropped from anyone's roster, no ghost.
    const rosters = watcher.received.slice(rostersSeen).filter((m) => m.type === "roster");
    for (const roster of rosters) expect(roster.participants.map((p) => p.name)).toEqual(["Ada", "Linus"]);
    const adaAfter = watcher.latestRoster()?.participants.find((p) => p.name === "Ada");
    expect(adaAfter?.id).toBe(adaBefore?.id);
    expect(await linus.locator('[data-local="false"]').count()).toBe(1);
    watcher.close();
  });
});
