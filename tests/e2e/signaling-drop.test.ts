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
  it("says it is reconnecting, then rejoins by itself and the call comes back", async () => {
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

    serverReachable = false;
    routes.forEach((route) => route.close());
    await expect
      .poll(() => alertText(ada), { timeout: 15_000 })
      .toContain("Lost the connection to the meeting server. Reconnecting...");
    await watcher.rosterNames(["Linus"]);

    serverReachable = true;
    await watcher.rosterNames(["Linus", "Ada"]);
    await expect.poll(() => alertText(ada), { timeout: 15_000 }).not.toContain("Reconnecting");
    await Promise.all([expectRemoteVideosFlowing(ada, 1), expectRemoteVideosFlowing(linus, 1)]);
    watcher.close();
  });
});
