// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_VIEW_HEIGHT } from "@/lib/protocol";
import { VIEW_STEPS, wantedHeight, watchVideoView } from "@/lib/rtc/video-view";

const box = { visible: true, width: 320, height: 240, pixelRatio: 1 };

describe("wantedHeight", () => {
  it("asks for nothing while the tile is out of sight", () => {
    expect(wantedHeight({ ...box, visible: false })).toBe(0);
  });

  it("asks for the next step up from what the tile draws, in device pixels", () => {
    expect(wantedHeight(box)).toBe(270);
    expect(wantedHeight({ ...box, pixelRatio: 2 })).toBe(540);
    expect(wantedHeight({ ...box, width: 100, height: 60 })).toBe(180);
  });

  it("counts a wide tile by its width: a 4:3 camera fills it by cropping top and bottom", () => {
    expect(wantedHeight({ ...box, width: 1280, height: 300 })).toBe(1080);
  });

  it("asks for everything beyond the largest step", () => {
    expect(wantedHeight({ ...box, width: Infinity, height: Infinity })).toBe(MAX_VIEW_HEIGHT);
    expect(VIEW_STEPS.every((step) => step <= MAX_VIEW_HEIGHT)).toBe(true);
  });
});

describe("watchVideoView", () => {
  /** Observers that report only when the test says, with the sizes it gives. */
  function fakeObservers() {
    const fired: Partial<Record<"intersection" | "resize", (entries: unknown[]) => void>> = {};
    const observerFiring = (kind: keyof typeof fired) =>
      class {
        constructor(callback: (entries: unknown[]) => void) {
          fired[kind] = callback;
        }
        observe() {}
        disconnect() {}
      };
    vi.stubGlobal("IntersectionObserver", observerFiring("intersection"));
    vi.stubGlobal("ResizeObserver", observerFiring("resize"));
    return {
      resized: (width: number, height: number) => fired.resize?.([{ contentRect: { width, height } }]),
      intersected: (isIntersecting: boolean, width: number, height: number) =>
        fired.intersection?.([{ isIntersecting, boundingClientRect: { width, height } }]),
    };
  }

  afterEach(() => vi.unstubAllGlobals());

  it("says nothing until it knows whether the tile is on screen, then asks by the measured size", () => {
    const observers = fakeObservers();
    const video = document.createElement("video");
    // Reading the size back from the element would force a layout: the observers' sizes are used.
    video.getBoundingClientRect = () => {
      throw new Error("measured the element");
    };
    const heights: number[] = [];
    const stop = watchVideoView(video, (height) => heights.push(height));

    // A size comes first: "not on screen" now would pause the sender's video as the tile appears.
    observers.resized(320, 240);
    expect(heights).toEqual([]);
    observers.intersected(true, 320, 240);
    expect(heights).toEqual([270]);
    observers.resized(640, 480);
    expect(heights).toEqual([270, 540]);
    observers.intersected(false, 640, 480);
    expect(heights).toEqual([270, 540, 0]);
    stop();
  });
});
