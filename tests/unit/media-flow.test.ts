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

  it("given a probe, waits past the first packets for a decoded frame, asking again until there is one", async () => {
    const ready = vi.fn();
    const camera = new FakeTrack(true);
    let framesDecoded = 0;
    const decoded = vi.fn(async () => framesDecoded > 0);
    whenFlowing(streamOf(camera), ready, { decoded });
    expect(decoded).not.toHaveBeenCalled();
    camera.unmute();
    await vi.advanceTimersByTimeAsync(450);
    expect(decoded.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(ready).not.toHaveBeenCalled();
    framesDecoded = 1;
    await vi.advanceTimersByTimeAsync(200);
    expect(ready).toHaveBeenCalledTimes(1);
    const asked = decoded.mock.calls.length;
    await vi.advanceTimersByTimeAsync(FIRST_MEDIA_WAIT_MS);
    expect(decoded).toHaveBeenCalledTimes(asked);
    expect(ready).toHaveBeenCalledTimes(1);
  });

  it("takes a stream whose frames never decode once its bound is up, and a failing probe as no reason to wait", async () => {
    const ready = vi.fn();
    whenFlowing(streamOf(new FakeTrack(false)), ready, { decoded: async () => false });
    await vi.advanceTimersByTimeAsync(FIRST_MEDIA_WAIT_MS - 1);
    expect(ready).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(ready).toHaveBeenCalledTimes(1);

    const alsoReady = vi.fn();
    whenFlowing(streamOf(new FakeTrack(false)), alsoReady, {
      decoded: () => Promise.reject(new Error("closed")),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(alsoReady).toHaveBeenCalledTimes(1);
  });
});
