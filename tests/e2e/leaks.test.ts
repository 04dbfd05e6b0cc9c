import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { newParticipantContext } from "../support/chromium";
import { joinedParticipant, sharedChromium } from "../support/e2e-browser";
import { joinFromPreJoin, liveLocalTrackCount } from "../support/meeting-page";
import { createRoom } from "../support/room-client";

const appUrl = inject("appUrl");
const partyHost = inject("partyHost");
const browser = sharedChromium();
const ROUNDS = 50;

type Recorded = { __parley: { peerConnections: RTCPeerConnection[]; sockets: WebSocket[] } };

/** Peer connections a page made that are not closed. */
const openPeerConnections = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as Recorded).__parley.peerConnections.filter((pc) => pc.connectionState !== "closed")
        .length,
  );

/** WebSockets a page opened that are not closed (or closing). */
const openSockets = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as Recorded).__parley.sockets.filter((socket) => socket.readyState <= WebSocket.OPEN)
        .length,
  );

describe("many meetings in one tab", () => {
  // Each round's waits have their own bounds; the test's is a few seconds a round (about one here).
  it(
    `closes every peer connection and track it opened, ${ROUNDS} joins and leaves in a row`,
    { timeout: ROUNDS * 4000 },
    async () => {
      const roomId = await createRoom(partyHost);
      await joinedParticipant(browser(), appUrl, roomId, "Host");
      const page = await (await newParticipantContext(browser())).newPage();
      await page.goto(appUrl);
      for (let round = 1; round <= ROUNDS; round++) {
        // Client-side navigation, as a person would: the page (and its recorder) lives on throughout.
        await page.getByRole("textbox", { name: "Meeting code or link" }).fill(roomId);
        await page.getByRole("button", { name: "Join", exact: true }).click();
        await joinFromPreJoin(page, `Round ${round}`);
        await expect.poll(() => openPeerConnections(page), { timeout: 15_000 }).toBe(1);
        await page.getByRole("button", { name: "Leave" }).click();
        await page.waitForURL(`${appUrl}/`);
        await expect.poll(() => openPeerConnections(page), { timeout: 5000 }).toBe(0);
        await expect.poll(() => liveLocalTrackCount(page), { timeout: 5000 }).toBe(0);
        await expect.poll(() => openSockets(page), { timeout: 5000 }).toBe(0);
      }
      const made = await page.evaluate(
        () =>
          (window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } }).__parley
            .peerConnections.length,
      );
      // One per round (plus any a reconnect made), far from Chromium's 500 per tab.
      expect(made).toBeGreaterThanOrEqual(ROUNDS);
      expect(made).toBeLessThan(ROUNDS * 2);
    },
  );
});
