"use client";
import { useRoomSession, useRoomStore } from "@/lib/hooks/room-context";

/** Says, while you share, that everyone sees your screen, with the way to stop. */
export function ScreenShareBanner() {
  const session = useRoomSession();
  const sharing = useRoomStore((state) => state.screen !== null);
  if (!sharing) return null;
  return (
    <div className="flex items-center justify-between gap-3 rounded-lg bg-sky-900/60 px-4 py-2 text-sm">
      <p role="status">You are sharing your screen with everyone in the call.</p>
      <button
        type="button"
        onClick={() => session.localMedia.stopSharingScreen()}
        className="rounded-full bg-sky-600 px-4 py-1.5 font-medium hover:bg-sky-500"
      >
        Stop sharing
      </button>
    </div>
  );
}
