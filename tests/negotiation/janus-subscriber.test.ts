/**
 * The SFU subscriber against a Janus that offers real SDP (made by a real peer connection in Node),
 * for what depends on the order of its requests.
 */
import { describe, expect, it } from "vitest";
import type { JanusSession, PluginEvent } from "@/lib/rtc/janus/session";
import { subscriberOn } from "../support/janus-subscriber";
import { createPeerConnection, withRealPeerConnections } from "../support/wrtc";

/** How many times any connection of the file was asked for its statistics. */
let statsReads = 0;
withRealPeerConnections({
  // Called with `new`: a function that returns an object gives that object.
  RTCPeerConnection: function countingPeerConnection(config: RTCConfiguration) {
    const pc = createPeerConnection(config);
    const getStats = pc.getStats.bind(pc);
    pc.getStats = (...args: Parameters<RTCPeerConnection["getStats"]>) => {
      statsReads++;
      return getStats(...args);
    };
    return pc;
  },
});

/** An offer of `videos` videos, as Janus makes for a subscriber to as many feeds. */
async function janusOffer(videos = 1): Promise<RTCSessionDescriptionInit> {
  const janus = createPeerConnection({});
  for (let i = 0; i < videos; i++) janus.addTransceiver("video", { direction: "sendonly" });
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

  it("reads its one connection once for every tile that asks within a second", async () => {
    const offer = await janusOffer(2);
    const streams = ["feed-a", "feed-b"].map((feed, i) => ({ mid: String(i), feed_id: feed, type: "video" }));
    const handle = {
      message: async (body: Record<string, unknown>): Promise<PluginEvent> =>
        body.request === "join"
          ? ({ data: { videoroom: "attached", streams }, jsep: offer } as PluginEvent)
          : { data: { videoroom: "event" } },
      trickle: () => {},
      detach: () => {},
    };
    const subscriber = subscriberOn({ attach: async () => handle } as unknown as JanusSession);
    subscriber.follow(["feed-a", "feed-b"]);
    await expect.poll(async () => (await subscriber.stats("feed-a")) !== null).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const before = statsReads;
    const [a, b] = await Promise.all([subscriber.stats("feed-a"), subscriber.stats("feed-b")]);
    expect(statsReads - before).toBe(1);
    expect(a?.size).toBeGreaterThan(0);
    expect(b?.size).toBe(a?.size);
    // A second later, a tile's next poll reads the connection afresh.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await subscriber.stats("feed-a");
    expect(statsReads - before).toBe(2);
    subscriber.close();
  });
});
