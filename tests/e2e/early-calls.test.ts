/**
 * Calls connected from the pre-join screen: in an open meeting, the page of someone about to join
 * connects to everyone in it before "Join now", with nothing of either person sent until they press it.
 */
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { FIRST_FRAMES_SCALE_DOWN } from "../../lib/rtc/send-limits";
import { VIDEO_START_BITRATE_KBPS } from "../../lib/rtc/start-bitrate";
import { newParticipantContext } from "../support/chromium";
import { creatorOfMeeting, sharedChromium } from "../support/e2e-browser";
import {
  countReceiving,
  expectRemoteVideosFlowing,
  joinFromPreJoin,
  openPeerConnections,
  peerConnectionStates,
  receivedVideoBrightness,
  REMOTE_CAMERA_TILES,
  remoteVideoStats,
  senderEncodings,
} from "../support/meeting-page";

const appUrl = inject("appUrl");
const browser = sharedChromium();

/** How many peer connections the page has made since it loaded, open or closed. */
const peerConnectionsMade = async (page: Page) => (await peerConnectionStates(page)).length;

const connectedPeerConnections = async (page: Page) =>
  (await peerConnectionStates(page)).filter((state) => state === "connected").length;

/** Black pictures drawn for held calls (held-video.ts), still drawing. */
const liveCanvasTracks = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { __parley: { localTracks: MediaStreamTrack[] } }).__parley.localTracks.filter(
        (track) => track instanceof CanvasCaptureMediaStreamTrack && track.readyState === "live",
      ).length,
  );

/** Each connected call's bandwidth estimate (bit/s) on the path in use, as its sender has it. */
const sendEstimates = (page: Page) =>
  page.evaluate(async () => {
    const { peerConnections } = (window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } })
      .__parley;
    const connected = peerConnections.filter((pc) => pc.connectionState === "connected");
    return Promise.all(
      connected.map(async (pc) => {
        const reports = [...(await pc.getStats()).values()] as {
          type: string;
          id: string;
          selectedCandidatePairId?: string;
          availableOutgoingBitrate?: number;
        }[];
        const pairId = reports.find((report) => report.type === "transport")?.selectedCandidatePairId;
        return reports.find((report) => report.id === pairId)?.availableOutgoingBitrate ?? 0;
      }),
    );
  });

async function visitorOf(meetingUrl: string, here: string): Promise<Page> {
  const page = await (await newParticipantContext(browser())).newPage();
  await page.goto(meetingUrl);
  await page.getByText(here).waitFor();
  return page;
}

describe("a call connected from the pre-join screen", () => {
  it("carries no sound or picture either way until Join now, then both on the same connection", async () => {
    const { page: ada, meetingUrl } = await creatorOfMeeting(browser(), appUrl, "Ada");
    const bea = await visitorOf(meetingUrl, "Ada is here");

    await expect.poll(() => connectedPeerConnections(bea), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => connectedPeerConnections(ada)).toBe(1);
    // The held call's bandwidth estimate starts high enough for the camera's first frames at its full
    // size. From the browser's default (300 kbit/s, which black frames raise late if at all) a join
    // soon after this cost the call its first frames and then a quarter of the pixels for seconds
    // (start-bitrate.ts).
    for (const page of [ada, bea]) {
      // The first estimate, as soon as there is one.
      await expect
        .poll(async () => (await sendEstimates(page)).filter((estimate) => estimate > 0))
        .toHaveLength(1);
      expect((await sendEstimates(page))[0]).toBeGreaterThanOrEqual(VIDEO_START_BITRATE_KBPS * 1000);
    }
    // Connected, and still no sound either way over two seconds; the video lines carry black frames
    // only (they set the encoders up ahead), nothing of the person.
    for (const page of [ada, bea]) {
      expect(await page.evaluate(countReceiving, "audio")).toBe(0);
      const brightness = await page.evaluate(receivedVideoBrightness);
      expect(brightness).toHaveLength(1);
      expect(brightness[0]).toBeGreaterThanOrEqual(0);
      expect(brightness[0]).toBeLessThan(24);
      expect(await liveCanvasTracks(page)).toBe(1);
    }
    // Bea is not in the meeting: Ada's page shows nobody.
    expect(await ada.locator(REMOTE_CAMERA_TILES).count()).toBe(0);
    // The lines held silent are limited already, so that Join now only swaps the tracks in: an
    // encoder set again as the first frames go out would cost the call those frames. The camera's
    // first frames go out at half size, which come sooner.
    for (const page of [ada, bea]) {
      await expect
        .poll(async () =>
          (await senderEncodings(page)).map(({ video, audio }) => [
            video?.priority,
            audio?.priority,
            video?.scaleResolutionDownBy,
          ]),
        )
        .toEqual([["low", "high", FIRST_FRAMES_SCALE_DOWN]]);
    }

    await joinFromPreJoin(bea, "Bea");
    await Promise.all([ada, bea].map((page) => expectRemoteVideosFlowing(page, 1)));
    // A moment later, the full size: the fake camera's 480 lines.
    for (const page of [ada, bea]) {
      await expect
        .poll(async () => (await senderEncodings(page)).map(({ video }) => video?.scaleResolutionDownBy), {
          timeout: 10_000,
        })
        .toEqual([1]);
      await expect
        .poll(async () => (await remoteVideoStats(page))[0]?.videoHeight, { timeout: 10_000 })
        .toBe(480);
    }
    expect(await bea.evaluate(countReceiving, "audio")).toBe(1);
    // The connection made ahead is the one that carries the call.
    expect(await peerConnectionsMade(bea)).toBe(1);
    expect(await openPeerConnections(bea)).toBe(1);
    // Nobody is held any more: the black pictures are no longer drawn.
    for (const page of [ada, bea]) await expect.poll(() => liveCanvasTracks(page)).toBe(0);
  });

  it("is hung up by the people in the meeting when the visitor leaves without joining", async () => {
    const { page: ada, meetingUrl } = await creatorOfMeeting(browser(), appUrl, "Ada");
    const bea = await visitorOf(meetingUrl, "Ada is here");
    await expect.poll(() => connectedPeerConnections(ada), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => liveCanvasTracks(ada)).toBe(1);

    await bea.close();
    await expect.poll(() => openPeerConnections(ada), { timeout: 20_000 }).toBe(0);
    expect(await liveCanvasTracks(ada)).toBe(0);
    expect(await ada.locator(REMOTE_CAMERA_TILES).count()).toBe(0);
  });

  it("is not made in a locked meeting: the knock comes first", async () => {
    const { page: ada, meetingUrl } = await creatorOfMeeting(browser(), appUrl, "Ada");
    await ada.getByRole("button", { name: "Participants", exact: true }).click();
    const lock = ada.getByRole("button", { name: "Lock meeting" });
    await lock.click();
    await expect.poll(() => lock.getAttribute("aria-pressed")).toBe("true");
    const bea = await visitorOf(meetingUrl, "Ada is here");
    await bea.getByRole("textbox", { name: "Your name" }).fill("Bea");
    // Long enough for a call to connect, were one allowed.
    await bea.waitForTimeout(3000);
    expect(await connectedPeerConnections(ada)).toBe(0);
    expect(await connectedPeerConnections(bea)).toBe(0);
  });
});
