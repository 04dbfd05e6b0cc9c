import { describe, expect, it } from "vitest";
import { MAX_VIEW_HEIGHT } from "@/lib/protocol";
import { VIEW_STEPS, wantedHeight } from "@/lib/rtc/video-view";

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
