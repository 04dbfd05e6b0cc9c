/**
 * How many video tiles fit a box and how to arrange them: the arithmetic behind the paged grid.
 * Tiles keep one shape (wide on a landscape screen, square on a portrait phone) and are as large as
 * the box allows; past the smallest useful size the grid pages rather than shrinking further.
 */

export interface Box {
  width: number;
  height: number;
}

export interface GridFit {
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
}

/** Space between tiles, in CSS pixels. */
export const TILE_GAP = 12;
/** Below this width a face and a name no longer read: the grid pages instead. */
export const MIN_TILE_WIDTH = 200;
/** On a phone two columns of this fit, side by side. */
export const MIN_PHONE_TILE_WIDTH = 140;
/** Narrower boxes than this are phones held upright. */
const PHONE_WIDTH = 640;
/** The same, as a media query for the whole screen: Tailwind's `sm` breakpoint. */
export const PHONE = `(max-width: ${PHONE_WIDTH - 0.02}px)`;
/**
 * A window too short for a large tile above a strip of others (a phone on its side, a small laptop
 * window): the large tile and the others go side by side, and the controls go behind More.
 */
export const SHORT_LANDSCAPE = "(orientation: landscape) and (max-height: 540px)";

/** Width over height of a camera's picture, and so of a tile on a landscape screen. */
export const CAMERA_ASPECT = 16 / 9;

/** Width over height of every tile in this box: camera-shaped, or square on a portrait phone. */
export function tileAspect(box: Box): number {
  return box.height > box.width ? 1 : CAMERA_ASPECT;
}

function minTileWidth(box: Box): number {
  return box.width < PHONE_WIDTH ? MIN_PHONE_TILE_WIDTH : MIN_TILE_WIDTH;
}

/** The arrangement of `count` tiles that makes each as large as possible. */
export function fitGrid(count: number, box: Box, aspect = tileAspect(box), gap = TILE_GAP): GridFit {
  let best: GridFit = { columns: 1, rows: Math.max(1, count), tileWidth: 0, tileHeight: 0 };
  for (let columns = 1; columns <= Math.max(1, count); columns++) {
    const rows = Math.max(1, Math.ceil(count / columns));
    const byWidth = (box.width - gap * (columns - 1)) / columns;
    const byHeight = ((box.height - gap * (rows - 1)) / rows) * aspect;
    const tileWidth = Math.max(0, Math.floor(Math.min(byWidth, byHeight)));
    if (tileWidth > best.tileWidth)
      best = { columns, rows, tileWidth, tileHeight: Math.floor(tileWidth / aspect) };
  }
  return best;
}

/** How many tiles one page holds with none narrower than `minWidth`; at least one. */
export function pageCapacity(
  box: Box,
  minWidth = minTileWidth(box),
  aspect = tileAspect(box),
  gap = TILE_GAP,
) {
  const columns = Math.floor((box.width + gap) / (minWidth + gap));
  const rows = Math.floor((box.height + gap) / (minWidth / aspect + gap));
  return Math.max(1, columns * rows);
}

/** Height of the row of page buttons below a paged grid (CSS pixels). */
export const PAGER_HEIGHT = 36;
/** Space between the tiles and that row (CSS pixels). */
export const PAGER_GAP = 8;

/**
 * How many tiles a page holds in `area`, the space for both the tiles and the page buttons, and the
 * box left to the tiles. Decided from `area` alone: were the grid measured without the buttons and
 * the buttons shown when it pages, taking their height could turn an upright box wide, fit more
 * tiles, drop the buttons, and so on, a new layout every frame.
 */
export function pagedSpace(
  count: number,
  area: Box,
  aspect = tileAspect(area),
): { capacity: number; grid: Box } {
  const whole = pageCapacity(area, undefined, aspect);
  if (count <= whole) return { capacity: whole, grid: area };
  const grid = { width: area.width, height: Math.max(0, area.height - PAGER_HEIGHT - PAGER_GAP) };
  // Never more a page than the whole area holds: the buttons, once needed, stay.
  return { capacity: Math.min(whole, pageCapacity(grid, undefined, aspect)), grid };
}

/** The items on one page (0-based), the page clamped to those that exist. */
export function pageOf<T>(
  items: readonly T[],
  page: number,
  capacity: number,
): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / capacity));
  const current = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(current * capacity, (current + 1) * capacity), page: current, pages };
}

/**
 * The active speaker brought onto the first page when the grid pages, in its last place (the person
 * there moves to the next page): who is talking is seen without anyone turning pages.
 */
export function withSpeakerOnFirstPage<T extends { id: string }>(
  tiles: readonly T[],
  speakerId: string | null,
  capacity: number,
): T[] {
  const index = tiles.findIndex((tile) => tile.id === speakerId);
  if (index < capacity) return [...tiles];
  const speaker = tiles[index]!;
  const rest = tiles.filter((_, i) => i !== index);
  return [...rest.slice(0, capacity - 1), speaker, ...rest.slice(capacity - 1)];
}
