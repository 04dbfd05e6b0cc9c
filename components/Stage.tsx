"use client";
import { useRoomStore } from "@/lib/hooks/room-context";
import { useMediaQuery } from "@/lib/hooks/useMediaQuery";
import { CAMERA_ASPECT, SHORT_LANDSCAPE } from "@/lib/layout/gallery";
import { PagedGrid } from "./PagedGrid";
import { useCallTiles, type CallTile } from "./useCallTiles";
import { useFileDrop } from "./useFileDrop";

/** The speaker view's spotlight: whoever is talking, or else the first other person. */
function speakerTile(tiles: CallTile[], speakerId: string | null): CallTile | undefined {
  return tiles.find((tile) => tile.id === speakerId) ?? tiles.find((tile) => !tile.local);
}

type Arrangement = "grid" | "strip" | "column";

/** How the others are laid out: the whole stage, a strip below the large tile, or a column beside it. */
const othersClass: Record<Arrangement, string> = {
  grid: "flex-1",
  strip: "h-44 shrink-0 portrait:h-2/5",
  column: "w-1/4 shrink-0",
};

/**
 * Where the call is seen: an even grid of everyone, or one tile large (a pinned tile, a shared
 * screen, or in the speaker view whoever is talking) above a strip of the others, or beside a column
 * of them in a short window. The others page when their tiles would get too small, and the whole
 * stage is a place to drop files.
 */
export function Stage() {
  const { tiles, pinned } = useCallTiles();
  const layout = useRoomStore((state) => state.layout);
  const speakerId = useRoomStore((state) => state.activeSpeakerId);
  const { dropHint, dropHandlers } = useFileDrop();
  const spotlight = pinned ?? (layout === "speaker" ? speakerTile(tiles, speakerId) : undefined);
  const others = tiles.filter((tile) => tile !== spotlight);
  const short = useMediaQuery(SHORT_LANDSCAPE);
  const arrangement: Arrangement = !spotlight ? "grid" : short ? "column" : "strip";
  return (
    <section
      aria-label="Participants' video"
      {...dropHandlers}
      className={`relative mx-auto flex min-h-0 w-full max-w-6xl flex-1 gap-3 ${arrangement === "column" ? "flex-row" : "flex-col"}`}
    >
      {spotlight && (
        <div key={spotlight.id} className="min-h-0 min-w-0 flex-1">
          {spotlight.node}
        </div>
      )}
      {others.length > 0 && (
        <PagedGrid
          // Each arrangement is measured apart: none lays out its first frame at another's size.
          key={arrangement}
          tiles={others}
          speakerId={speakerId}
          label={spotlight ? "the others" : "people in the call"}
          className={othersClass[arrangement]}
          floatSelf={!spotlight}
          aspect={arrangement === "column" ? CAMERA_ASPECT : undefined}
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
