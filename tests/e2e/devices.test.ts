import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { joinedParticipant, sharedChromium } from "../support/e2e-browser";
import { sendLimitsFor } from "../../lib/rtc/send-limits";
import { newParticipantContext } from "../support/chromium";
import {
  expectRemoteVideosFlowing,
  joinFromPreJoin,
  remoteVideoStats,
  senderEncodings,
} from "../support/meeting-page";
import { createRoom } from "../support/room-client";

const appUrl = inject("appUrl");
const partyHost = inject("partyHost");
// Three fake cameras and microphones. Chromium's second fake camera is a depth camera (16-bit grey,
// nothing a video call sends), so the switch goes from the first to the third, both ordinary cameras.
const browser = sharedChromium({ extraArgs: ["--use-fake-device-for-media-stream=device-count=3"] });
const participant = (roomId: string, name: string) => joinedParticipant(browser(), appUrl, roomId, name);

/** The label of the camera track a page is sending on its first peer connection. */
const sentCamera = (page: Page) =>
  page.evaluate(() => {
    const { peerConnections } = (window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } })
      .__parley;
    const live = peerConnections.find((pc) => pc.connectionState === "connected");
    return live?.getSenders().find((sender) => sender.track?.kind === "video")?.track?.label ?? null;
  });

/** How many offers and answers a page has made: a switch without renegotiation adds none. */
const negotiations = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { __parley: { milestones: { event: string }[] } }).__parley.milestones.filter(
        (m) => m.event === "signaling:have-local-offer" || m.event === "signaling:have-remote-offer",
      ).length,
  );

describe("choosing devices", () => {
  it("switches camera mid-call without renegotiating, and the other side keeps getting frames", async () => {
    const roomId = await createRoom(partyHost);
    const [ada, bea] = [await participant(roomId, "Ada"), await participant(roomId, "Bea")];
    await expectRemoteVideosFlowing(ada, 1);
    const before = await sentCamera(bea);
    const offersBefore = await negotiations(bea);

    await bea.getByRole("button", { name: "Settings" }).click();
    const camera = bea.getByRole("combobox", { name: "Camera" });
    const options = await camera.locator("option").allTextContents();
    expect(options.length).toBe(3);
    const other = options.find((label) => label.endsWith("_2"));
    expect(before).toMatch(/_0$/);
    expect(other).toBeDefined();
    await camera.selectOption({ label: other as string });

    await expect.poll(() => sentCamera(bea)).toBe(other);
    expect(await camera.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toBe(
      other,
    );
    // Frames keep arriving at Ada from the new camera, for longer than a hiccup.
    for (let check = 0; check < 3; check++) await expectRemoteVideosFlowing(ada, 1);
    expect(await negotiations(bea)).toBe(offersBefore);
    const [tile] = await remoteVideoStats(ada);
    expect(tile?.videoWidth).toBeGreaterThan(0);
  });

  it("lists the microphones too, and switches the one the call sends", async () => {
    const roomId = await createRoom(partyHost);
    // Bea sends her raw microphone, whose label names the device. A cleaned one is a Web Audio
    // destination's track whichever device feeds it (cleaning a new choice: local-media-controller's tests).
    const ada = await participant(roomId, "Ada");
    const bea = await joinedParticipant(browser(), appUrl, roomId, "Bea", { noiseSuppression: false });
    await expectRemoteVideosFlowing(ada, 1);
    await bea.getByRole("button", { name: "Settings" }).click();
    const microphone = bea.getByRole("combobox", { name: "Microphone" });
    const labels = await microphone.locator("option").allTextContents();
    expect(labels.length).toBeGreaterThanOrEqual(2);
    const current = await microphone.evaluate(
      (select: HTMLSelectElement) => select.selectedOptions[0]?.textContent,
    );
    const next = labels.find((label) => label !== current && label !== "Default") as string;
    await microphone.selectOption({ label: next });
    await expect
      .poll(() =>
        bea.evaluate(() => {
          const { peerConnections } = (
            window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } }
          ).__parley;
          const live = peerConnections.find((pc) => pc.connectionState === "connected");
          return live?.getSenders().find((sender) => sender.track?.kind === "audio")?.track?.label ?? null;
        }),
      )
      .toBe(next);
  });

  it("sends a camera chosen mid-call by someone who joined without one, within the room's limits", async () => {
    const roomId = await createRoom(partyHost);
    const ada = await participant(roomId, "Ada");
    // Bea's camera is missing until she plugs one in: her call starts with audio only.
    const context = await newParticipantContext(browser());
    await context.addInitScript({
      content: `{
        const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
        navigator.mediaDevices.getUserMedia = (constraints) =>
          constraints && constraints.video && !window.cameraPluggedIn
            ? Promise.reject(new DOMException("Requested device not found", "NotFoundError"))
            : getUserMedia(constraints);
      }`,
    });
    const bea = await context.newPage();
    await bea.goto(`${appUrl}/room/${roomId}`);
    await joinFromPreJoin(bea, "Bea");
    await expect.poll(() => senderEncodings(bea).then((links) => links.length)).toBe(1);
    expect(await bea.getByRole("button", { name: "Camera" }).isDisabled()).toBe(true);

    await bea.evaluate(() => ((window as unknown as { cameraPluggedIn: boolean }).cameraPluggedIn = true));
    await bea.getByRole("button", { name: "Settings" }).click();
    const camera = bea.getByRole("combobox", { name: "Camera" });
    const labels = await camera.locator("option").allTextContents();
    await camera.selectOption({ label: labels.find((label) => label.endsWith("_0")) as string });

    // Her camera's line is negotiated only now, and still gets the room's limits.
    await expectRemoteVideosFlowing(ada, 1);
    expect(await bea.getByRole("button", { name: "Camera" }).getAttribute("aria-pressed")).toBe("true");
    const { maxBitrate, maxFramerate } = sendLimitsFor(2);
    await expect
      .poll(() => senderEncodings(bea).then((links) => links.map(({ video }) => video)))
      .toEqual([expect.objectContaining({ maxBitrate, maxFramerate, priority: "low" })]);
  });
});
