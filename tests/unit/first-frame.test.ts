// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { markFirstMovingFrame } from "@/lib/media/first-frame";

/** A video whose frames the test presents, at the times it says. */
function videoWithFrames() {
  let pending: { handle: number; callback: VideoFrameRequestCallback } | null = null;
  let handles = 0;
  const video = {
    requestVideoFrameCallback(callback: VideoFrameRequestCallback) {
      pending = { handle: ++handles, callback };
      return handles;
    },
    cancelVideoFrameCallback(handle: number) {
      if (pending?.handle === handle) pending = null;
    },
  } as unknown as HTMLVideoElement;
  /** Presents a frame, the page's clock reading `at` when it is told. */
  const present = (at: number) => {
    const waiting = pending;
    pending = null;
    vi.spyOn(performance, "now").mockReturnValue(at);
    waiting?.callback(at, {} as VideoFrameCallbackMetadata);
  };
  return { video, present, waiting: () => pending !== null };
}

const marks = (name: string) => performance.getEntriesByName(name, "mark").map((mark) => mark.startTime);

afterEach(() => {
  vi.restoreAllMocks();
  performance.clearMarks();
});

describe("markFirstMovingFrame", () => {
  it("passes over the black frames of a held call, one a second, and dates the mark to the first camera frame", () => {
    const { video, present } = videoWithFrames();
    markFirstMovingFrame(video, "first");
    present(1000);
    present(2000);
    expect(marks("first")).toEqual([]);
    present(2500);
    present(2533);
    expect(marks("first")).toEqual([2500]);
  });

  it("marks once, and stops waiting when told to", () => {
    const shown = videoWithFrames();
    markFirstMovingFrame(shown.video, "once");
    shown.present(100);
    shown.present(133);
    expect(shown.waiting()).toBe(false);

    const gone = videoWithFrames();
    const stop = markFirstMovingFrame(gone.video, "gone");
    gone.present(100);
    stop();
    gone.present(133);
    expect(marks("once")).toEqual([100]);
    expect(marks("gone")).toEqual([]);
  });
});
