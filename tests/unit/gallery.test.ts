import { describe, expect, it } from "vitest";
import {
  CAMERA_ASPECT,
  fitGrid,
  MIN_PHONE_TILE_WIDTH,
  MIN_TILE_WIDTH,
  pageCapacity,
  pageOf,
  PAGER_GAP,
  PAGER_HEIGHT,
  pagedSpace,
  tileAspect,
  withSpeakerOnFirstPage,
} from "@/lib/layout/gallery";

/** The video area of a 1366x768 laptop (the header, notices and controls take the rest) and of a 390x844 phone. */
const LAPTOP = { width: 1152, height: 560 };
const PHONE = { width: 358, height: 520 };

const people = (count: number) => Array.from({ length: count }, (_, i) => ({ id: `p${i}` }));

describe("fitting tiles to a box", () => {
  it("makes tiles camera-shaped on a wide screen and square on an upright phone", () => {
    expect(tileAspect(LAPTOP)).toBeCloseTo(16 / 9);
    expect(tileAspect(PHONE)).toBe(1);
  });

  it("arranges the tiles so each is as large as it can be, inside the box", () => {
    for (const count of [1, 2, 3, 4, 5, 6, 9, 12, 20]) {
      const fit = fitGrid(count, LAPTOP);
      expect(fit.columns * fit.rows).toBeGreaterThanOrEqual(count);
      expect(fit.columns * fit.tileWidth + (fit.columns - 1) * 12).toBeLessThanOrEqual(LAPTOP.width);
      expect(fit.rows * fit.tileHeight + (fit.rows - 1) * 12).toBeLessThanOrEqual(LAPTOP.height);
      // No other column count gives a larger tile.
      for (let columns = 1; columns <= count; columns++) {
        const rows = Math.ceil(count / columns);
        const width = Math.min(
          (LAPTOP.width - 12 * (columns - 1)) / columns,
          ((LAPTOP.height - 12 * (rows - 1)) / rows) * (16 / 9),
        );
        expect(Math.floor(width)).toBeLessThanOrEqual(fit.tileWidth);
      }
    }
    expect(fitGrid(2, LAPTOP)).toMatchObject({ columns: 2, rows: 1 });
    expect(fitGrid(4, LAPTOP)).toMatchObject({ columns: 2, rows: 2 });
  });

  it("pages 25 people on a laptop at 20 a page, and on a phone at 6, no tile below its smallest size", () => {
    const laptop = pageCapacity(LAPTOP);
    expect(laptop).toBe(20);
    expect(fitGrid(laptop, LAPTOP).tileWidth).toBeGreaterThanOrEqual(MIN_TILE_WIDTH);
    expect(pageOf(people(25), 0, laptop)).toMatchObject({ page: 0, pages: 2 });

    const phone = pageCapacity(PHONE);
    expect(phone).toBe(6);
    expect(fitGrid(phone, PHONE)).toMatchObject({ columns: 2, rows: 3 });
    expect(fitGrid(phone, PHONE).tileWidth).toBeGreaterThanOrEqual(MIN_PHONE_TILE_WIDTH);
    expect(pageOf(people(25), 0, phone).pages).toBe(5);
  });

  it("holds at least one tile however small the box", () => {
    expect(pageCapacity({ width: 50, height: 20 })).toBe(1);
    expect(fitGrid(0, LAPTOP).columns).toBe(1);
  });
});

describe("pages", () => {
  it("gives each page its tiles and keeps the page among those that exist", () => {
    const everyone = people(13);
    expect(pageOf(everyone, 1, 6).items.map((p) => p.id)).toEqual(["p6", "p7", "p8", "p9", "p10", "p11"]);
    expect(pageOf(everyone, 2, 6).items.map((p) => p.id)).toEqual(["p12"]);
    // Someone left and the last page went with them: the page before it shows.
    expect(pageOf(everyone.slice(0, 12), 2, 6)).toMatchObject({ page: 1, pages: 2 });
    expect(pageOf([], 3, 6)).toMatchObject({ items: [], page: 0, pages: 1 });
  });

  it("brings the speaker onto the first page, in its last place, and moves nobody else", () => {
    const everyone = people(10);
    const ids = (tiles: { id: string }[]) => tiles.map((tile) => tile.id);
    expect(ids(withSpeakerOnFirstPage(everyone, "p8", 4))).toEqual([
      "p0",
      "p1",
      "p2",
      "p8",
      "p3",
      "p4",
      "p5",
      "p6",
      "p7",
      "p9",
    ]);
    expect(ids(withSpeakerOnFirstPage(everyone, "p2", 4))).toEqual(ids(everyone));
    expect(ids(withSpeakerOnFirstPage(everyone, null, 4))).toEqual(ids(everyone));
    expect(ids(withSpeakerOnFirstPage(everyone, "gone", 4))).toEqual(ids(everyone));
  });
});

describe("the space for a paged grid and its page buttons", () => {
  it("leaves the buttons room below the tiles only when it pages, and then pages in what is left", () => {
    expect(pagedSpace(4, PHONE)).toEqual({ capacity: 6, grid: PHONE });
    const { capacity, grid } = pagedSpace(25, PHONE);
    expect(grid).toEqual({ width: PHONE.width, height: PHONE.height - PAGER_HEIGHT - PAGER_GAP });
    expect(capacity).toBe(pageCapacity(grid));
  });

  it("fits two camera-shaped tiles in an upright column beside a large tile, where one square fits", () => {
    // The column beside a shared screen in a short window, under the meeting's notice.
    const column = { width: 172, height: 234 };
    expect(pagedSpace(2, column)).toMatchObject({ capacity: 1 });
    expect(pagedSpace(2, column, CAMERA_ASPECT)).toEqual({ capacity: 2, grid: column });
    expect(fitGrid(2, column, CAMERA_ASPECT)).toMatchObject({ columns: 1, rows: 2, tileWidth: 172 });
  });

  it("pages every box the same way whether the buttons show or not", () => {
    // A box a little taller than wide holds square tiles; less the buttons' height it turns wide and
    // holds more. Measured without the buttons, such a grid dropped them and took them back each frame.
    const sizes = Array.from({ length: 120 }, (_, i) => 100 + i * 8);
    const wrong: string[] = [];
    for (const count of [2, 3, 4, 5, 6, 8, 9])
      for (const width of sizes)
        for (const height of sizes) {
          const { capacity, grid } = pagedSpace(count, { width, height });
          const paged = count > capacity;
          // The buttons show exactly when it pages, and the tiles then fit the rest.
          const ok =
            grid.height === (paged ? Math.max(0, height - PAGER_HEIGHT - PAGER_GAP) : height) &&
            capacity <= pageCapacity(grid) &&
            capacity <= pageCapacity({ width, height });
          if (!ok) wrong.push(`${count} tiles in ${width}x${height}`);
        }
    expect(wrong).toEqual([]);
  });
});
