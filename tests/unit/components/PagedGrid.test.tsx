// @vitest-environment jsdom
import { act, cleanup, render } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { measureAsPhoneVideoArea, SMALL_PHONE_VIDEO_AREA } from "./phone-video-area";
import { PagedGrid, SPEAKER_PLACE_HOLD_MS } from "@/components/PagedGrid";
import type { CallTile } from "@/components/useCallTiles";
import { pageCapacity } from "@/lib/layout/gallery";

/** The grid measures as a phone's video area, which holds six tiles a page. */
beforeEach(() => {
  vi.useFakeTimers();
  measureAsPhoneVideoArea();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const tiles: CallTile[] = Array.from({ length: 12 }, (_, i) => ({
  id: `p${i}`,
  local: i === 0,
  node: <figure data-participant-id={`p${i}`} />,
}));
const firstPage = () =>
  [...document.querySelectorAll("[data-participant-id]")].map((tile) =>
    tile.getAttribute("data-participant-id"),
  );
const grid = (speakerId: string) => (
  <PagedGrid tiles={tiles} speakerId={speakerId} label="people in the call" className="" />
);
const advance = (ms: number) =>
  act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });

describe("PagedGrid on a phone", () => {
  it("keeps a speaker it brought onto the first page there a while, though others talk over them", async () => {
    const { rerender } = render(grid("p8"));
    await advance(0);
    expect(firstPage()).toEqual(["p0", "p1", "p2", "p3", "p4", "p8"]);

    // Two others talk over p8, one after the other, within the hold: the first page stays as it is.
    await advance(1000);
    rerender(grid("p9"));
    await advance(1000);
    rerender(grid("p10"));
    await advance(SPEAKER_PLACE_HOLD_MS - 2500);
    expect(firstPage()).toEqual(["p0", "p1", "p2", "p3", "p4", "p8"]);

    // Once the hold is over, whoever speaks then takes the place.
    await advance(500);
    expect(firstPage()).toEqual(["p0", "p1", "p2", "p3", "p4", "p10"]);
  });
});

describe("PagedGrid on a small phone, a tile a page", () => {
  const four = tiles.slice(0, 4);
  const shownIds = () =>
    [...document.querySelectorAll("[data-participant-id]")].map((tile) => ({
      id: tile.getAttribute("data-participant-id"),
      floating: tile.parentElement?.hasAttribute("data-floating-self") === true,
    }));
  const pageText = () => document.querySelector("nav p")?.textContent;

  it("floats one's own tile in a corner, so that each page shows someone else", async () => {
    measureAsPhoneVideoArea(SMALL_PHONE_VIDEO_AREA);
    expect(pageCapacity(SMALL_PHONE_VIDEO_AREA)).toBe(1);
    render(<PagedGrid tiles={four} speakerId={null} label="people in the call" className="" floatSelf />);
    await advance(0);
    expect(shownIds()).toEqual([
      { id: "p1", floating: false },
      { id: "p0", floating: true },
    ]);
    expect(pageText()).toBe("Page 1 of 3");
  });

  it("keeps one's own tile a page of its own in a strip, which has no room to float it over", async () => {
    measureAsPhoneVideoArea(SMALL_PHONE_VIDEO_AREA);
    render(<PagedGrid tiles={four} speakerId={null} label="the others" className="" />);
    await advance(0);
    expect(shownIds()).toEqual([{ id: "p0", floating: false }]);
    expect(pageText()).toBe("Page 1 of 4");
  });
});

describe("PagedGrid in a box that turns wide once its page buttons take their height", () => {
  it("settles on one layout instead of dropping and taking back the buttons as it is measured", async () => {
    // Taller than wide, it holds four square tiles: five need a second page. Less the buttons'
    // height it is wider than tall, and holds six wide ones.
    const area = { width: 350, height: 370 };
    const observers: (() => void)[] = [];
    vi.stubGlobal(
      "ResizeObserver",
      class {
        constructor(callback: () => void) {
          observers.push(callback);
        }
        observe() {}
        disconnect() {}
      },
    );
    // The layout, modelled: the page buttons take 44 pixels from the element above them.
    vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockImplementation(function (this: HTMLElement) {
      const height = this.nextElementSibling?.tagName === "NAV" ? area.height - 44 : area.height;
      return {
        ...area,
        height,
        x: 0,
        y: 0,
        top: 0,
        left: 0,
        right: area.width,
        bottom: height,
        toJSON: () => ({}),
      };
    });
    render(
      <PagedGrid
        tiles={tiles.slice(0, 5)}
        speakerId={null}
        label="people in the call"
        className=""
        floatSelf
      />,
    );
    const layouts: string[] = [];
    for (let frame = 0; frame < 4; frame++) {
      await act(async () => observers.forEach((measure) => measure()));
      layouts.push(`${document.querySelector("nav p")?.textContent ?? "one page"}: ${firstPage().join(" ")}`);
    }
    expect(new Set(layouts).size).toBe(1);
    expect(layouts[0]).toBe("Page 1 of 2: p0 p1 p2 p3");
  });
});
