"use client";
import { useRoomActions, useRoomStore } from "@/lib/hooks/room-context";

/** Why something the person just tried did not work (sharing the screen, switching a camera). */
export function CallNotice() {
  const notice = useRoomStore((state) => state.notice);
  const { setNotice } = useRoomActions();
  if (!notice) return null;
  return (
    <div
      role="alert"
      className="flex items-center justify-between gap-3 rounded-lg bg-amber-900/60 px-4 py-2 text-sm"
    >
      <p>{notice}</p>
      <button type="button" onClick={() => setNotice(null)} className="rounded-md px-2 py-1 underline">
        Dismiss
      </button>
    </div>
  );
}
