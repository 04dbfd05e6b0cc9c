import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { sendLimitsFor } from "../../lib/rtc/send-limits";
import { joinedParticipant, sharedChromium } from "../support/e2e-browser";
import { expectRemoteVideosFlowing, senderEncodings } from "../support/meeting-page";
import { createRoom } from "../support/room-client";

const appUrl = inject("appUrl");
const partyHost = inject("partyHost");
const browser = sharedChromium();
const participant = (roomId: string, name: string) => joinedParticipant(browser(), appUrl, roomId, name);

/** What each connected link's camera senders are set to send. */
const senderSettings = async (page: Page) =>
  (await senderEncodings(page)).map(({ video, audio }) => ({
    maxBitrate: video?.maxBitrate,
    scaleResolutionDownBy: video?.scaleResolutionDownBy,
    maxFramerate: video?.maxFramerate,
    audioPriority: audio?.networkPriority,
  }));

/** Audio packets this page sent over `ms`, on all its links together. */
const audioPacketsSentOver = async (page: Page, ms: number) => {
  const total = () =>
    page.evaluate(async () => {
      const { peerConnections } = (
        window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } }
      ).__parley;
      let packets = 0;
      for (const pc of peerConnections) {
        (await pc.getStats()).forEach((report: { type: string; kind?: string; packetsSent?: number }) => {
          if (report.type === "outbound-rtp" && report.kind === "audio") packets += report.packetsSent ?? 0;
        });
      }
      return packets;
    });
  const before = await total();
  await page.waitForTimeout(ms);
  return (await total()) - before;
};

const expected = (participants: number) => ({ ...sendLimitsFor(participants), audioPriority: "high" });
/** A new call's first second goes out at half size (FIRST_FRAMES_MS), then at the room's. */
const SETTLED = { timeout: 10_000 };

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
    await expect.poll(() => senderSettings(ada), SETTLED).toEqual([expected(2)]);

    const [cy, dan] = [await participant(roomId, "Cy"), await participant(roomId, "Dan")];
    await expectRemoteVideosFlowing(ada, 3);
    await expect.poll(() => senderSettings(ada), SETTLED).toEqual(Array(3).fill(expected(4)));
    await expect.poll(() => senderSettings(dan), SETTLED).toEqual(Array(3).fill(expected(4)));

    await cy.getByRole("button", { name: "Leave" }).click();
    await dan.getByRole("button", { name: "Leave" }).click();
    await expect.poll(() => senderSettings(ada), SETTLED).toEqual([expected(2)]);
    await expectRemoteVideosFlowing(bea, 1);
  });
});

describe("audio under pressure", () => {
  it("sends next to no audio packets while the microphone is muted (Opus DTX)", async () => {
    const roomId = await createRoom(partyHost);
    const ada = await participant(roomId, "Ada");
    const bea = await participant(roomId, "Bea");
    await expectRemoteVideosFlowing(ada, 1);
    await expectRemoteVideosFlowing(bea, 1);
    // Opus sends a packet every 20 ms while there is sound: about 100 in two seconds.
    expect(await audioPacketsSentOver(ada, 2000)).toBeGreaterThan(80);

    const microphone = ada.getByRole("button", { name: "Microphone" });
    await microphone.click();
    expect(await microphone.getAttribute("aria-pressed")).toBe("false");
    await ada.waitForTimeout(500);
    // Silence goes out as a comfort-noise update every 400 ms or so, not 50 packets a second.
    expect(await audioPacketsSentOver(ada, 2000)).toBeLessThan(20);
    await expectRemoteVideosFlowing(bea, 1);
  });
});
