import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FIRST_MEDIA_WAIT_MS, whenFlowing } from "@/lib/rtc/media-flow";

/** A remote video track as far as whenFlowing sees it: muted until its first packets. */
class FakeTrack extends EventTarget {
  constructor(public muted: boolean) {
    super();
  }
  unmute(): void {
    this.muted = false;
    this.dispatchEvent(new Event("unmute"));
  }
}

const streamOf = (...tracks: FakeTrack[]) => ({ getVideoTracks: () => tracks }) as unknown as MediaStream;

describe("whenFlowing", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("goes ahead at once for media already flowing, or for audio alone", () => {
    const ready = vi.fn();
    whenFlowing(streamOf(new FakeTrack(false)), ready);
    whenFlowing(streamOf(), ready);
    expect(ready).toHaveBeenCalledTimes(2);
  });

  it("waits for every video track's first media, once", () => {
    const ready = vi.fn();
    const [camera, screen] = [new FakeTrack(true), new FakeTrack(true)];
    whenFlowing(streamOf(camera, screen), ready);
    camera.unmute();
    expect(ready).not.toHaveBeenCalled();
    screen.unmute();
    expect(ready).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(FIRST_MEDIA_WAIT_MS);
    expect(ready).toHaveBeenCalledTimes(1);
  });

  it("never waits past its bound", () => {
    const ready = vi.fn();
    whenFlowing(streamOf(new FakeTrack(true)), ready);
    vi.advanceTimersByTime(FIRST_MEDIA_WAIT_MS - 1);
    expect(ready).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(ready).toHaveBeenCalledTimes(1);
  });
});
