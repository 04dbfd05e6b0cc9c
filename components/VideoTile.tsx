"use client";
import { memo, useEffect, useRef, type ComponentType, type ReactNode } from "react";
import { useRoomActions, useRoomStore } from "@/lib/hooks/room-context";
import { useReportedView } from "@/lib/hooks/useReportedView";
import { usePlayer } from "@/lib/hooks/usePlayer";
import { firstFrameMark, markFirstMovingFrame } from "@/lib/media/first-frame";
import { initialsOf } from "@/lib/presence";
import { screenTileId } from "@/lib/store/room-store";
import { HandIcon, MicrophoneIcon } from "./icons";
import type { TileActionsProps } from "./TileActions";
import { TileReactions } from "./TileReactions";

export interface VideoTileProps {
  participantId: string;
  name: string;
  stream: MediaStream | null;
  local: boolean;
  /** Shown over the video while there is no picture: "Connecting…", or why it failed. */
  status?: { text: string; problem: boolean } | null;
  cameraOff?: boolean;
  micOff?: boolean;
  handRaised?: boolean;
  /** Light the tile up while this person speaks (in the call, not the preview). */
  showSpeaking?: boolean;
  /**
   * Offers to pin it as the spotlight, for tiles in the call. Whether it is pinned comes from the
   * store, not from the caller: props that stay the same let the memoized tile skip a redraw.
   */
  pinnable?: boolean;
  /** In the call grid tiles fill their cell; elsewhere they keep a 16:9 shape. */
  fillCell?: boolean;
  /** A shared screen: shown whole and unmirrored, so its text reads as it should. */
  screen?: boolean;
  /** Shown beside the name: the link's quality, for remote tiles. */
  badge?: ReactNode;
  /**
   * The tile's own buttons (TileActions), for tiles in the call. Passed in rather than imported here,
   * so that the pre-join preview, which has none, does not load them with the first screen.
   */
  actions?: ComponentType<TileActionsProps>;
}

/** Memoized: a tile draws again only when what it shows changes, not for each roster of the meeting. */
export const VideoTile = memo(function VideoTile(props: VideoTileProps) {
  const {
    participantId,
    name,
    stream,
    local,
    status,
    cameraOff,
    micOff,
    handRaised,
    showSpeaking = false,
    fillCell,
    pinnable = false,
    screen = false,
    badge,
    actions: Actions,
  } = props;
  const slotRef = useRef<HTMLDivElement>(null);
  const tileRef = useRef<HTMLElement>(null);
  const speaking = useRoomStore((state) => showSpeaking && state.speaking[participantId] === true);
  const video = usePlayer("video", slotRef, stream);
  const tileId = screen ? screenTileId(participantId) : participantId;
  const pinned = useRoomStore((state) => state.pinnedId === tileId);
  const { togglePin } = useRoomActions();
  const pin = pinnable ? { pinned, toggle: () => togglePin(tileId) } : undefined;
  useReportedView(video, local || screen ? null : participantId);

  useEffect(() => {
    if (!video || !stream || local || !("requestVideoFrameCallback" in video)) return;
    return markFirstMovingFrame(video, firstFrameMark(participantId));
  }, [video, stream, local, participantId]);

  const hasVideo = !cameraOff && (stream?.getVideoTracks().length ?? 0) > 0;
  const caption = screen ? (local ? "Your screen" : `${name}'s screen`) : local ? `${name} (you)` : name;
  // Screens are told apart from cameras: a participant's camera tile is "theirs", the screen is extra.
  const identity = screen
    ? { "data-screen-of": participantId, "data-screen": local ? "local" : "remote" }
    : { "data-participant-id": participantId, "data-local": local ? "true" : "false" };
  return (
    <figure
      ref={tileRef}
      data-pinned={pin?.pinned ? "true" : undefined}
      {...identity}
      data-speaking={speaking ? "true" : "false"}
      className={`group relative overflow-hidden rounded-2xl bg-slate-800 shadow-lg ${fillCell ? "h-full w-full" : "aspect-video"}`}
    >
      {/* The video is put in by usePlayer: a remote camera's was made before the tile. */}
      <div
        ref={slotRef}
        className={`h-full w-full *:h-full *:w-full ${screen ? "*:object-contain" : "*:object-cover"} ${local && !screen ? "-scale-x-100" : ""} ${hasVideo ? "" : "invisible"}`}
      />
      {!hasVideo && (
        <div aria-hidden="true" className="absolute inset-0 flex items-center justify-center">
          <span className="flex h-20 w-20 items-center justify-center rounded-full bg-sky-700 text-2xl font-semibold">
            {initialsOf(name)}
          </span>
        </div>
      )}
      {speaking && (
        // Drawn over the video: a ring on the tile itself would sit beneath it.
        <div
          aria-hidden="true"
          className="pointer-events-none absolute inset-0 rounded-2xl ring-4 ring-emerald-400 ring-inset"
        />
      )}
      {Actions && (
        <Actions
          tileRef={tileRef}
          video={video}
          name={screen ? caption : name}
          hasVideo={hasVideo}
          pin={pin}
        />
      )}
      {status && (
        <p
          role={status.problem ? "alert" : "status"}
          className="absolute inset-x-0 top-0 bg-slate-950/70 px-3 py-2 text-center text-sm"
        >
          {status.text}
        </p>
      )}
      {pin && !screen && <TileReactions participantId={participantId} />}
      <figcaption className="absolute bottom-2 left-2 flex max-w-[80%] items-center gap-1 rounded-md bg-slate-950/70 px-2 py-1 text-sm">
        {handRaised && (
          <span role="img" aria-label="Hand raised" className="text-amber-300">
            <HandIcon width={16} height={16} />
          </span>
        )}
        {micOff && (
          <span role="img" aria-label="Microphone off" className="text-rose-400">
            <MicrophoneIcon off width={16} height={16} />
          </span>
        )}
        <span className="truncate">{caption}</span>
        {badge}
      </figcaption>
    </figure>
  );
});
