"use client";
import { useRoomSession, useRoomStore } from "@/lib/hooks/room-context";
import { useBrowserSupports } from "@/lib/hooks/useBrowserSupports";
import { ScreenIcon } from "./icons";

const canShareScreen = () => typeof navigator.mediaDevices?.getDisplayMedia === "function";

/** Hidden where the browser cannot share a screen at all (phones), rather than offered and failing. */
export function ScreenShareToggle() {
  const session = useRoomSession();
  const sharing = useRoomStore((state) => state.screen !== null);
  const supported = useBrowserSupports(canShareScreen);
  if (!supported) return null;
  return (
    <button
      type="button"
      aria-pressed={sharing}
      title={sharing ? "Stop sharing your screen" : "Share your screen with everyone"}
      onClick={() =>
        sharing ? session.localMedia.stopSharingScreen() : void session.localMedia.shareScreen()
      }
      className="flex h-12 items-center gap-2 rounded-full border border-slate-500 bg-slate-800 px-4 hover:bg-slate-700 aria-pressed:border-sky-400 aria-pressed:bg-sky-700"
    >
      <ScreenIcon />
      Share screen
    </button>
  );
}
