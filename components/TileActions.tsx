"use client";
import { useEffect, useState, type RefObject } from "react";
import { useBrowserSupports } from "@/lib/hooks/useBrowserSupports";
import { captureFrame, downloadBlob, snapshotFileName } from "@/lib/media/snapshot";
import { ExpandIcon, PictureInPictureIcon, PinIcon } from "./call-icons";
import { CameraIcon } from "./icons";

export interface TileActionsProps {
  tileRef: RefObject<HTMLElement | null>;
  /** The tile's video, once it has one. */
  video: HTMLVideoElement | null;
  name: string;
  hasVideo: boolean;
  pin?: { pinned: boolean; toggle: () => void };
}

const actionClass =
  "flex h-9 w-9 items-center justify-center rounded-full bg-slate-950/60 hover:bg-slate-950/90 aria-pressed:bg-sky-700";

const canFloat = () => document.pictureInPictureEnabled === true;

/** Whether this tile's video is the one floating in picture-in-picture, kept up as it comes and goes. */
function useFloating(video: HTMLVideoElement | null): boolean {
  const [floating, setFloating] = useState(false);
  useEffect(() => {
    if (!video) return;
    const enter = () => setFloating(true);
    const leave = () => setFloating(false);
    video.addEventListener("enterpictureinpicture", enter);
    video.addEventListener("leavepictureinpicture", leave);
    return () => {
      video.removeEventListener("enterpictureinpicture", enter);
      video.removeEventListener("leavepictureinpicture", leave);
    };
  }, [video]);
  return floating;
}

/**
 * A tile's own buttons: pin it as the spotlight, show it full screen, float it over other windows
 * (picture-in-picture, where the browser has it), take a snapshot of it.
 */
export function TileActions({ tileRef, video, name, hasVideo, pin }: TileActionsProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const pictureInPicture = useBrowserSupports(canFloat);
  const floating = useFloating(video);

  async function run(action: () => Promise<unknown>, failure: string) {
    try {
      setProblem(null);
      await action();
    } catch (error) {
      setProblem(error instanceof Error && error.message ? error.message : failure);
    }
  }

  const takeSnapshot = () =>
    run(async () => {
      if (video) downloadBlob(await captureFrame(video), snapshotFileName(name, new Date()));
    }, "The snapshot could not be made.");

  const toggleFloating = () =>
    run(async () => {
      if (floating) await document.exitPictureInPicture();
      else await video?.requestPictureInPicture();
    }, "This browser would not show it in a floating window.");

  const showFullScreen = () =>
    run(async () => tileRef.current?.requestFullscreen(), "This browser would not show it full screen.");

  return (
    <div className="absolute top-2 right-2 flex flex-col items-end gap-1">
      {/* Where there is a pointer, shown on hover or focus: a grid of many tiles stays a grid of faces. */}
      <div className="flex gap-1 transition-opacity group-focus-within:opacity-100 group-hover:opacity-100 [@media(hover:hover)]:opacity-0">
        {pin && (
          <button
            type="button"
            // Whose, in the name: a screen reader lists these buttons tile after tile.
            aria-label={`Pin ${name}`}
            aria-pressed={pin.pinned}
            title={pin.pinned ? `Unpin ${name}` : `Pin ${name} as the main view`}
            onClick={pin.toggle}
            className={actionClass}
          >
            <PinIcon width={18} height={18} />
          </button>
        )}
        <button
          type="button"
          aria-label={`Show ${name} full screen`}
          onClick={showFullScreen}
          className={actionClass}
        >
          <ExpandIcon width={18} height={18} />
        </button>
        {pictureInPicture && hasVideo && (
          <button
            type="button"
            aria-label={`Float ${name} over other windows`}
            aria-pressed={floating}
            onClick={toggleFloating}
            className={actionClass}
          >
            <PictureInPictureIcon width={18} height={18} />
          </button>
        )}
        {hasVideo && (
          <button
            type="button"
            aria-label={`Take a snapshot of ${name}`}
            onClick={takeSnapshot}
            className={actionClass}
          >
            <CameraIcon width={18} height={18} />
          </button>
        )}
      </div>
      {problem && (
        <p role="alert" className="rounded bg-slate-950/80 px-2 py-1 text-xs">
          {problem}
        </p>
      )}
    </div>
  );
}
