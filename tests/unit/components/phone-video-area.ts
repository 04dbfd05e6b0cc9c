import { vi } from "vitest";

/** jsdom lays nothing out: every element measures as the video area of a phone held upright. */
export const PHONE_VIDEO_AREA = { width: 358, height: 520 };

/** Makes every element measure as `PHONE_VIDEO_AREA`, with a ResizeObserver that never fires. */
export function measureAsPhoneVideoArea(): void {
  vi.stubGlobal(
    "ResizeObserver",
    class {
      observe() {}
      disconnect() {}
    },
  );
  vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockReturnValue({
    ...PHONE_VIDEO_AREA,
    x: 0,
    y: 0,
    top: 0,
    left: 0,
    right: PHONE_VIDEO_AREA.width,
    bottom: PHONE_VIDEO_AREA.height,
    toJSON: () => ({}),
  });
}
