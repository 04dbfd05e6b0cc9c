import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { JanusSession, PluginEvent } from "@/lib/rtc/janus/session";
import { subscriberOn } from "../support/janus-subscriber";

/**
 * Janus, as far as the subscriber talks to it: joins answer with the streams of the feeds asked for
 * (no SDP, so no peer connection is needed in Node), and `configure` fails while `refuseConfigure`
 * says so, as a request that timed out on a busy Janus does.
 */
function fakeJanus() {
  const configures: unknown[] = [];
  const state = { refuseConfigure: 0 };
  const handle = {
    message: async (body: Record<string, unknown>): Promise<PluginEvent> => {
      if (body.request === "configure") {
        configures.push(body.streams);
        if (state.refuseConfigure > 0) {
          state.refuseConfigure--;
          throw new Error("The media server did not answer a message request.");
        }
        return { data: { videoroom: "updated" } };
      }
      const feeds = (body.streams as { feed: string }[]).map((s) => s.feed);
      return {
        data: {
          videoroom: "attached",
          streams: feeds.map((feed, i) => ({ mid: String(i), feed_id: feed, type: "video" })),
        },
      };
    },
    trickle: () => {},
    detach: () => {},
  };
  const session = { attach: async () => handle } as unknown as JanusSession;
  return { session, configures, state };
}

describe("JanusSubscriber layers", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(console, "warn").mockImplementation(() => {});
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("asks for a layer once, and not again while it stays the same", async () => {
    const janus = fakeJanus();
    const subscriber = subscriberOn(janus.session);
    subscriber.follow(["feed-a"]);
    subscriber.setLayer("feed-a", 1);
    await vi.advanceTimersByTimeAsync(0);
    subscriber.setLayer("feed-a", 1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(janus.configures).toEqual([[{ mid: "0", send: true, substream: 1 }]]);
    subscriber.close();
  });

  it("asks again for a video to resume when Janus did not confirm it, so the tile does not stay paused", async () => {
    const janus = fakeJanus();
    const subscriber = subscriberOn(janus.session);
    subscriber.follow(["feed-a"]);
    subscriber.setLayer("feed-a", "paused");
    await vi.advanceTimersByTimeAsync(0);
    janus.state.refuseConfigure = 1;
    subscriber.setLayer("feed-a", 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(janus.configures).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(janus.configures).toEqual([
      [{ mid: "0", send: false }],
      [{ mid: "0", send: true, substream: 0 }],
      [{ mid: "0", send: true, substream: 0 }],
    ]);
    // Confirmed now: nothing more is asked.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(janus.configures).toHaveLength(3);
    subscriber.close();
  });
});
