"use client";
import { Fragment, useState } from "react";
import { canMeasure, useElementSize } from "@/lib/hooks/useElementSize";
import { useHeldValue } from "@/lib/hooks/useHeldValue";
import {
  fitGrid,
  pageCapacity,
  pageOf,
  PAGER_GAP,
  PAGER_HEIGHT,
  pagedSpace,
  TILE_GAP,
  withSpeakerOnFirstPage,
  type Box,
} from "@/lib/layout/gallery";
import type { CallTile } from "./useCallTiles";

interface PagedGridProps {
  tiles: CallTile[];
  /** Brought onto the first page when the grid pages. */
  speakerId: string | null;
  /** Names the page buttons for a screen reader: "people in the call", "others". */
  label: string;
  className: string;
  /**
   * One's own tile floats small in a corner when a page would hold two tiles or fewer (a small
   * phone): there it would take half a page, or a page of its own, and hide who is in the call.
   */
  floatSelf?: boolean;
  /**
   * Width over height of every tile, where not the box's own choice: a column beside a large tile
   * is upright, yet its tiles are better camera-shaped, two of them where one square would fit.
   */
  aspect?: number;
}

/** A page this small gives one's own tile (when `floatSelf`) a corner instead of a place. */
const FLOAT_SELF_CAPACITY = 2;

/**
 * Upright, at most 96x128, and no taller than two fifths of the grid: on a small phone with a notice
 * above it, the grid can be little taller than the tile it would cover.
 */
function floatingSelfSize(box: Box): { width: number; height: number } {
  const height = Math.round(Math.min(128, box.height * 0.4));
  return { width: Math.round((height * 3) / 4), height };
}

/**
 * How long a speaker brought onto the first page stays there before another takes the place: when
 * two people talk over each other, tiles would otherwise change pages every second or two, and each
 * move pauses one video and starts another (a key frame from its sender).
 */
export const SPEAKER_PLACE_HOLD_MS = 5000;

const pageButtonClass =
  "flex h-9 w-9 items-center justify-center rounded-full border border-slate-500 bg-slate-800 text-lg hover:bg-slate-700 disabled:opacity-40";

/**
 * Tiles as large as the space allows, in pages once they would get too small: only the tiles on the
 * page are rendered, so only their videos are received (everyone stays heard: see RemoteAudio).
 */
export function PagedGrid({ tiles, speakerId, label, className, floatSelf = false, aspect }: PagedGridProps) {
  // The space for the tiles and the page buttons together: its size never depends on the buttons.
  const [areaRef, area] = useElementSize<HTMLDivElement>();
  const [page, setPage] = useState(0);
  // Where nothing can be measured every tile is shown; otherwise none until the space is known.
  const ready = area !== null || !canMeasure();
  const whole = area ? pageCapacity(area, undefined, aspect) : Math.max(1, tiles.length);
  const floating =
    floatSelf && area && tiles.length > whole && whole <= FLOAT_SELF_CAPACITY
      ? tiles.find((tile) => tile.local)
      : undefined;
  const paged = floating ? tiles.filter((tile) => tile !== floating) : tiles;
  const space = area ? pagedSpace(paged.length, area, aspect) : { capacity: whole, grid: null };
  const firstPageSpeaker = useHeldValue(speakerId, SPEAKER_PLACE_HOLD_MS);
  const shown = pageOf(withSpeakerOnFirstPage(paged, firstPageSpeaker, space.capacity), page, space.capacity);
  const fit = space.grid && fitGrid(shown.items.length, space.grid, aspect);
  return (
    <div ref={areaRef} className={`flex min-h-0 flex-col ${className}`} style={{ gap: PAGER_GAP }}>
      <div className="relative min-h-0 flex-1">
        {ready && (
          <div
            className="absolute inset-0 grid content-center justify-center"
            style={{
              gap: TILE_GAP,
              ...(fit && {
                gridTemplateColumns: `repeat(${fit.columns}, ${fit.tileWidth}px)`,
                gridAutoRows: `${fit.tileHeight}px`,
              }),
            }}
          >
            {shown.items.map((tile) => (
              <Fragment key={tile.id}>{tile.node}</Fragment>
            ))}
          </div>
        )}
        {floating && space.grid && (
          <div
            key={floating.id}
            data-floating-self
            className="absolute right-2 bottom-2 z-10"
            style={floatingSelfSize(space.grid)}
          >
            {floating.node}
          </div>
        )}
      </div>
      {shown.pages > 1 && (
        <nav
          aria-label={`Pages of ${label}`}
          className="flex shrink-0 items-center justify-center gap-3"
          style={{ height: PAGER_HEIGHT }}
        >
          <button
            type="button"
            aria-label="Previous page"
            disabled={shown.page === 0}
            onClick={() => setPage(shown.page - 1)}
            className={pageButtonClass}
          >
            ‹
          </button>
          <p aria-live="polite" className="text-sm text-slate-300">
            Page {shown.page + 1} of {shown.pages}
          </p>
          <button
            type="button"
            aria-label="Next page"
            disabled={shown.page === shown.pages - 1}
            onClick={() => setPage(shown.page + 1)}
            className={pageButtonClass}
          >
            ›
          </button>
        </nav>
      )}
    </div>
  );
}
