import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { creatorOfMeeting, joinedParticipant, sharedChromium } from "../support/e2e-browser";

const appUrl = inject("appUrl");
const browser = sharedChromium();

/** The label of the microphone track the page sends, and the audio packets its calls have sent. */
function sentAudio(page: Page) {
  return page.evaluate(async () => {
    const { peerConnections } = (window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } })
      .__parley;
    const live = peerConnections.filter((pc) => pc.connectionState !== "closed");
    const track = live.flatMap((pc) => pc.getSenders()).find((s) => s.track?.kind === "audio")?.track;
    let packets = 0;
    for (const pc of live) {
      (await pc.getStats()).forEach((report: { type: string; kind?: string; packetsSent?: number }) => {
        if (report.type === "outbound-rtp" && report.kind === "audio") packets += report.packetsSent ?? 0;
      });
    }
    return { label: track?.label ?? "", live: track?.readyState === "live", packets };
  });
}

/** Waits for the sent track's label to match, then for packets to keep going out from it. */
async function expectSending(page: Page, label: RegExp) {
  await expect.poll(async () => (await sentAudio(page)).label, { timeout: 20_000 }).toMatch(label);
  const before = (await sentAudio(page)).packets;
  await expect
    .poll(async () => (await sentAudio(page)).packets, { timeout: 10_000 })
    .toBeGreaterThan(before + 20);
}

describe("noise suppression", () => {
  it("sends the microphone through RNNoise by default, and the raw one when turned off in Settings", async () => {
    const ada = await creatorOfMeeting(browser(), appUrl, "Ada");
    await joinedParticipant(browser(), appUrl, ada.roomId, "Bea");
    // A Web Audio destination's track, not the fake device's.
    await expectSending(ada.page, /MediaStreamAudioDestinationNode/);

    await ada.page.getByRole("button", { name: "Settings", exact: true }).click();
    const toggle = ada.page.getByRole("button", { name: "Noise suppression" });
    expect(await toggle.getAttribute("aria-pressed")).toBe("true");
    await toggle.click();
    await expectSending(ada.page, /^(?!MediaStreamAudioDestinationNode)./);

    await toggle.click();
    await expectSending(ada.page, /MediaStreamAudioDestinationNode/);
  });
});

describe("noise suppression remembered off", () => {
  it("stays off in the next meeting: the raw microphone is sent from the start", async () => {
    const ada = await creatorOfMeeting(browser(), appUrl, "Ada");
    const bea = await joinedParticipant(browser(), appUrl, ada.roomId, "Bea", { noiseSuppression: false });
    await expectSending(bea, /^(?!MediaStreamAudioDestinationNode)./);
    await bea.getByRole("button", { name: "Settings", exact: true }).click();
    expect(await bea.getByRole("button", { name: "Noise suppression" }).getAttribute("aria-pressed")).toBe(
      "false",
    );
  });
});
