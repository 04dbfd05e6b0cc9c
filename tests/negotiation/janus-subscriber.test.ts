/**
 * The SFU subscriber against a Janus that offers real SDP (made by a real peer connection in Node),
 * for what depends on the order of its requests.
 */
import { describe, expect, it } from "vitest";
import type { JanusSession, PluginEvent } from "@/lib/rtc/janus/session";
import { subscriberOn } from "../support/janus-subscriber";
import { createPeerConnection, withRealPeerConnections } from "../support/wrtc";

withRealPeerConnections({ RTCPeerConnection: createPeerConnection });

/** An offer of one video, as Janus makes for a subscriber to one feed. */
async function janusOffer(): Promise<RTCSessionDescriptionInit> {
  const janus = createPeerConnection({});
  janus.addTransceiver("video", { direction: "sendonly" });
  await janus.setLocalDescription();
  return { type: "offer", sdp: janus.localDescription?.sdp ?? "" };
}

describe("JanusSubscriber", () => {
  it("asks for each video's layer before it starts, so Janus forwards that layer from the first key frame", async () => {
    const requests: string[] = [];
    const offer = await janusOffer();
    const handle = {
      message: async (body: Record<string, unknown>): Promise<PluginEvent> => {
        requests.push(String(body.request));
        if (body.request !== "join") return { data: { videoroom: "event" } };
        return {
          data: { videoroom: "attached", streams: [{ mid: "0", feed_id: "feed-a", type: "video" }] },
          jsep: offer,
        } as PluginEvent;
      },
      trickle: () => {},
      detach: () => {},
    };
    const subscriber = subscriberOn({ attach: async () => handle } as unknown as JanusSession);
    // The tile is small: its layer is known before the subscription exists.
    subscriber.setLayer("feed-a", 0);
    subscriber.follow(["feed-a"]);
    await expect.poll(() => requests, { timeout: 5000 }).toContain("start");
    expect(requests).toEqual(["join", "configure", "start"]);
    subscriber.close();
  });
});
