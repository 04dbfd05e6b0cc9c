"use client";
import { useRoomStore } from "@/lib/hooks/room-context";
import { PagedGrid } from "./PagedGrid";
import { useCallTiles, type CallTile } from "./useCallTiles";
import { useFileDrop } from "./useFileDrop";

/** The speaker view's spotlight: whoever is talking, or else the first other person. */
function speakerTile(tiles: CallTile[], speakerId: string | null): CallTile | undefined {
  return tiles.find((tile) => tile.id === speakerId) ?? tiles.find((tile) => !tile.local);
}

/**
 * Where the call is seen: an even grid of everyone, or one tile large (a pinned tile, a shared
 * screen, or in the speaker view whoever is talking) above a strip of the others. Either pages when
 * the tiles would get too small, and is a place to drop files.
 */
export function Stage() {
  const { tiles, pinned } = useCallTiles();
  const layout = useRoomStore((state) => state.layout);
  const speakerId = useRoomStore((state) => state.activeSpeakerId);
  const { dropHint, dropHandlers } = useFileDrop();
  const spotlight = pinned ?? (layout === "speaker" ? speakerTile(tiles, speakerId) : undefined);
  const others = tiles.filter((tile) => tile !== spotlight);
  return (
    <section
      aria-label="Participants' video"
      {...dropHandlers}
      className="relative mx-auto flex min-h-0 w-full max-w-6xl flex-1 flex-col gap-3"
    >
      {spotlight && (
        <div key={spotlight.id} className="min-h-0 flex-1">
          {spotlight.node}
        </div>
      )}
      {others.length > 0 && (
        <PagedGrid
          // A grid and a strip are measured apart: a strip never lays out its first frame at the grid's size.
          key={spotlight ? "strip" : "grid"}
          tiles={others}
          speakerId={speakerId}
          label={spotlight ? "the others" : "people in the call"}
          className={spotlight ? "h-44 shrink-0 portrait:h-2/5" : "flex-1"}
          floatSelf={!spotlight}
        />
      )}
      {dropHint && (
        <p
          role="status"
          className="pointer-events-none absolute inset-0 z-10 flex items-center justify-center rounded-2xl border-4 border-dashed border-sky-400 bg-slate-950/80 text-lg font-medium"
        >
          {dropHint}
        </p>
      )}
    </section>
  );
}
