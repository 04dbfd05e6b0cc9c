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

/**
 * A subscriber to one feed whose small tile's layer is known before the subscription exists, on a
 * Janus that answers the join with an offer and fails the first `refusedConfigures` configures.
 */
async function subscribeSmallTile(refusedConfigures: number): Promise<string[]> {
  const requests: string[] = [];
  const offer = await janusOffer();
  let refusals = refusedConfigures;
  const handle = {
    message: async (body: Record<string, unknown>): Promise<PluginEvent> => {
      requests.push(String(body.request));
      if (body.request === "configure" && refusals-- > 0)
        throw new Error("The media server did not answer a message request.");
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
  subscriber.setLayer("feed-a", 0);
  subscriber.follow(["feed-a"]);
  const expected = 3 + refusedConfigures;
  await expect.poll(() => requests.length, { timeout: 5000 }).toBeGreaterThanOrEqual(expected);
  // Nothing more once Janus has confirmed the layer.
  await new Promise((resolve) => setTimeout(resolve, 200));
  subscriber.close();
  return requests;
}

describe("JanusSubscriber", () => {
  it("asks for each video's layer before it starts, so Janus forwards that layer from the first key frame", async () => {
    expect(await subscribeSmallTile(0)).toEqual(["join", "configure", "start"]);
  });

  it("still starts when Janus does not confirm the layer first, and asks for it again after", async () => {
    expect(await subscribeSmallTile(1)).toEqual(["join", "configure", "start", "configure"]);
  });
});
