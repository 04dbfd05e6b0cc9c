import { vi } from "vitest";

/** jsdom lays nothing out: every element measures as the video area of a phone held upright. */
export const PHONE_VIDEO_AREA = { width: 358, height: 520 };

/** The video area of a small phone (320x568) in the grid view: a page holds one tile. */
export const SMALL_PHONE_VIDEO_AREA = { width: 288, height: 290 };

/** Makes every element measure as `area`, with a ResizeObserver that never fires. */
export function measureAsPhoneVideoArea(area = PHONE_VIDEO_AREA): void {
  vi.stubGlobal(
    "ResizeObserver",
    class {
      observe() {}
      disconnect() {}
    },
  );
  vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockReturnValue({
    ...area,
    x: 0,
    y: 0,
    top: 0,
    left: 0,
    right: area.width,
    bottom: area.height,
    toJSON: () => ({}),
  });
}
