import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { sendLimitsFor } from "../../lib/rtc/send-limits";
import { joinedParticipant, sharedChromium } from "../support/e2e-browser";
import { expectRemoteVideosFlowing } from "../support/meeting-page";
import { createRoom } from "../support/room-client";

const appUrl = inject("appUrl");
const partyHost = inject("partyHost");
const browser = sharedChromium();
const participant = (roomId: string, name: string) => joinedParticipant(browser(), appUrl, roomId, name);

/** What each connected link's camera senders are set to send. */
const senderSettings = (page: Page) =>
  page.evaluate(() => {
    const { peerConnections } = (window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } })
      .__parley;
    return peerConnections
      .filter((pc) => pc.connectionState === "connected")
      .map((pc) => {
        const encoding = (kind: string) =>
          pc
            .getSenders()
            .find((sender) => sender.track?.kind === kind)
            ?.getParameters().encodings[0];
        const video = encoding("video");
        return {
          maxBitrate: video?.maxBitrate,
          scaleResolutionDownBy: video?.scaleResolutionDownBy,
          maxFramerate: video?.maxFramerate,
          audioPriority: encoding("audio")?.networkPriority,
        };
      });
  });

const expected = (participants: number) => ({ ...sendLimitsFor(participants), audioPriority: "high" });

describe("connection quality", () => {
  it("shows on each remote tile, with the numbers behind it on request", async () => {
    const roomId = await createRoom(partyHost);
    const ada = await participant(roomId, "Ada");
    await participant(roomId, "Bea");
    await expectRemoteVideosFlowing(ada, 1);
    const tile = ada.locator('[data-local="false"]', { hasText: "Bea" });
    await tile.getByRole("img", { name: "Connection good" }).waitFor({ timeout: 10_000 });

    await ada.getByRole("button", { name: "Settings", exact: true }).click();
    const toggle = ada.getByRole("button", { name: "Connection stats" });
    await toggle.click();
    expect(await toggle.getAttribute("aria-pressed")).toBe("true");
    // Two readings are needed for bitrates; the path on one machine is direct.
    await expect
      .poll(() => tile.locator("[data-link-stats]").textContent(), { timeout: 10_000 })
      .toMatch(
        /^RTT \d+ ms · loss \d+\.\d% · \d+ fps · down \d+ kbit\/s · up \d+ kbit\/s · (VP8|VP9|H264|AV1) · direct$/,
      );
    await toggle.click();
    await expect.poll(() => tile.locator("[data-link-stats]").count()).toBe(0);
  });
});

describe("a mesh that adapts to the room", () => {
  it("lowers what each link sends as people join, and raises it again as they leave", async () => {
    const roomId = await createRoom(partyHost);
    const ada = await participant(roomId, "Ada");
    const bea = await participant(roomId, "Bea");
    await expectRemoteVideosFlowing(ada, 1);
    await expect.poll(() => senderSettings(ada)).toEqual([expected(2)]);

    const [cy, dan] = [await participant(roomId, "Cy"), await participant(roomId, "Dan")];
    await expectRemoteVideosFlowing(ada, 3);
    await expect.poll(() => senderSettings(ada)).toEqual(Array(3).fill(expected(4)));
    await expect.poll(() => senderSettings(dan)).toEqual(Array(3).fill(expected(4)));

    await cy.getByRole("button", { name: "Leave" }).click();
    await dan.getByRole("button", { name: "Leave" }).click();
    await expect.poll(() => senderSettings(ada), { timeout: 10_000 }).toEqual([expected(2)]);
    await expectRemoteVideosFlowing(bea, 1);
  });
});
