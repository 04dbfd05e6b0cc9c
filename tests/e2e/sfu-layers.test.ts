/**
 * A meeting on the SFU whose sender's camera drops to a lower resolution, as a browser short of CPU
 * lowers it: the browser then sends fewer simulcast layers, and everyone who watches that person,
 * on a small tile or a large one, must keep getting a picture.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { joinedParticipant, sharedChromium } from "../support/e2e-browser";
import { expectRemoteVideosFlowing } from "../support/meeting-page";
import { createRoom } from "../support/room-client";
import { sfuServers } from "../support/sfu-servers";

const servers = sfuServers({ meshMax: 2 });
const browser = sharedChromium({ extraArgs: ["--use-fake-device-for-media-stream=fps=10"] });

/** Lowers the resolution of the camera the page sends in simulcast; its new height. */
function lowerSimulcastCamera(page: Page, size: { width: number; height: number }) {
  return page.evaluate(async (size) => {
    const { peerConnections } = (window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } })
      .__parley;
    const camera = peerConnections
      .filter((pc) => pc.connectionState === "connected")
      .flatMap((pc) => pc.getSenders())
      .find((sender) => sender.track?.kind === "video" && sender.getParameters().encodings.length > 1);
    await camera?.track?.applyConstraints(size);
    return camera?.track?.getSettings().height;
  }, size);
}

/** The number of simulcast layers the page's camera is sending frames on, over two seconds. */
function layersSending(page: Page) {
  return page.evaluate(async () => {
    const { peerConnections } = (window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } })
      .__parley;
    const framesByLayer = async () => {
      const frames = new Map<string, number>();
      for (const pc of peerConnections.filter((pc) => pc.connectionState === "connected")) {
        (await pc.getStats()).forEach(
          (entry: { type: string; kind?: string; rid?: string; framesSent?: number }) => {
            if (entry.type === "outbound-rtp" && entry.kind === "video" && entry.rid)
              frames.set(entry.rid, entry.framesSent ?? 0);
          },
        );
      }
      return frames;
    };
    const before = await framesByLayer();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    return [...(await framesByLayer())].filter(([rid, frames]) => frames > (before.get(rid) ?? 0)).length;
  });
}

describe("a meeting on the SFU", () => {
  it("keeps every picture coming when a sender's camera drops to a lower resolution", async () => {
    const roomId = await createRoom(servers.party().host);
    const [ada, bea, cy] = [
      await joinedParticipant(browser(), servers.app().url, roomId, "Ada"),
      await joinedParticipant(browser(), servers.app().url, roomId, "Bea"),
      await joinedParticipant(browser(), servers.app().url, roomId, "Cy"),
    ];
    // Cy watches on a phone-sized window (small tiles, the lowest layer), Bea on a large one.
    await cy.setViewportSize({ width: 360, height: 640 });
    for (const page of [bea, cy]) await expectRemoteVideosFlowing(page, 2);
    // Both layers, once the bandwidth estimate has grown enough for the larger one.
    await expect.poll(() => layersSending(ada), { timeout: 20_000 }).toBe(2);

    // At 320x240 the browser sends one layer instead of two.
    expect(await lowerSimulcastCamera(ada, { width: 320, height: 240 })).toBe(240);
    await expect.poll(() => layersSending(ada), { timeout: 20_000 }).toBe(1);
    for (const page of [bea, cy])
      await expectRemoteVideosFlowing(page, 2, undefined, { windowMs: 10_000, withinMs: 30_000 });
  });
});
