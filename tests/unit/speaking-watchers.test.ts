import { afterEach, describe, expect, it, vi } from "vitest";
import { SpeakingWatchers } from "@/lib/media/speaking-watchers";

/** A watch that records what it watches and lets the test say when a stream speaks. */
function fakeWatch() {
  const live = new Map<MediaStream, (speaking: boolean) => void>();
  const watch = vi.fn((stream: MediaStream, onChange: (speaking: boolean) => void) => {
    live.set(stream, onChange);
    return () => live.delete(stream);
  });
  return { watch, live };
}

const stream = () => ({}) as MediaStream;

describe("watching every voice in the call", () => {
  it("starts, restarts and stops watchers as the streams change, and reports each voice by person", () => {
    const { watch, live } = fakeWatch();
    const changes: [string, boolean][] = [];
    const watchers = new SpeakingWatchers((id, speaking) => changes.push([id, speaking]), watch);
    const bea = stream();
    const cy = stream();
    watchers.sync(
      new Map([
        ["bea", bea],
        ["cy", cy],
      ]),
    );
    expect(live.size).toBe(2);

    live.get(bea)!(true);
    expect(changes).toEqual([["bea", true]]);

    // Same streams again: nothing restarts.
    watchers.sync(
      new Map([
        ["bea", bea],
        ["cy", cy],
      ]),
    );
    expect(watch).toHaveBeenCalledTimes(2);

    // Bea's stream replaced (a reconnection), Cy gone (muted or left): Bea's old watcher stops and
    // she falls silent until her new stream says otherwise; Cy is silent.
    const bea2 = stream();
    watchers.sync(new Map([["bea", bea2]]));
    expect([...live.keys()]).toEqual([bea2]);
    expect(changes.slice(1)).toEqual([
      ["bea", false],
      ["cy", false],
    ]);

    watchers.close();
    expect(live.size).toBe(0);
  });

  it("lets a listener that changes the streams call sync again while being told", () => {
    const { watch, live } = fakeWatch();
    const a = stream();
    const b = stream();
    const watchers: SpeakingWatchers = new SpeakingWatchers((id, speaking) => {
      if (id === "a" && !speaking) watchers.sync(new Map([["b", b]]));
    }, watch);
    watchers.sync(new Map([["a", a]]));
    watchers.sync(new Map());
    expect([...live.keys()]).toEqual([b]);
  });

  describe("with a start delay", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("watches new voices once a second has passed with no other arriving, and only those still in the call", () => {
      vi.useFakeTimers();
      const { watch, live } = fakeWatch();
      const watchers = new SpeakingWatchers(() => {}, watch, 1000);
      const bea = stream();
      const cy = stream();
      watchers.sync(new Map([["bea", bea]]));
      vi.advanceTimersByTime(600);
      // Cy arrives while Bea still waits: both start a second after Cy.
      watchers.sync(
        new Map([
          ["bea", bea],
          ["cy", cy],
        ]),
      );
      vi.advanceTimersByTime(999);
      expect(live.size).toBe(0);
      // The same streams again are no arrival.
      watchers.sync(
        new Map([
          ["bea", bea],
          ["cy", cy],
        ]),
      );
      vi.advanceTimersByTime(1);
      expect([...live.keys()]).toEqual([bea, cy]);

      // Dan comes and goes within the delay: he is never watched.
      const dan = stream();
      watchers.sync(new Map([["dan", dan]]));
      expect(live.size).toBe(0);
      watchers.sync(new Map());
      vi.advanceTimersByTime(1000);
      expect(watch).toHaveBeenCalledTimes(2);
    });

    it("starts the waiting voices within three delays, however many more keep arriving", () => {
      vi.useFakeTimers();
      const { watch, live } = fakeWatch();
      const watchers = new SpeakingWatchers(() => {}, watch, 1000);
      const streams = new Map<string, MediaStream>();
      for (let i = 0; i < 10; i++) {
        streams.set(`p${i}`, stream());
        watchers.sync(new Map(streams));
        vi.advanceTimersByTime(500);
        if (i < 5) expect(live.size).toBe(0);
      }
      // Started at 3000 ms, with the six there by then; the rest a second after the last arrived.
      expect(watch).toHaveBeenCalledTimes(6);
      vi.advanceTimersByTime(500);
      expect(live.size).toBe(10);
    });

    it("stops a voice that leaves at once, and leaves no timer behind once closed", () => {
      vi.useFakeTimers();
      const { watch, live } = fakeWatch();
      const changes: [string, boolean][] = [];
      const watchers = new SpeakingWatchers((id, speaking) => changes.push([id, speaking]), watch, 1000);
      const bea = stream();
      watchers.sync(new Map([["bea", bea]]));
      vi.advanceTimersByTime(1000);
      live.get(bea)!(true);
      watchers.sync(new Map());
      expect(live.size).toBe(0);
      expect(changes).toEqual([
        ["bea", true],
        ["bea", false],
      ]);

      watchers.sync(new Map([["bea", stream()]]));
      expect(vi.getTimerCount()).toBe(1);
      watchers.close();
      expect(vi.getTimerCount()).toBe(0);
    });
  });
});
