import { describe, expect, it, vi } from "vitest";
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
});
