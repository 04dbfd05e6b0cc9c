"use client";
import { useRoomActions, useRoomStore } from "@/lib/hooks/room-context";
import { Alert } from "./Alert";

/** Why something the person just tried did not work (sharing the screen, switching a camera). */
export function CallNotice() {
  const notice = useRoomStore((state) => state.notice);
  const { setNotice } = useRoomActions();
  if (!notice) return null;
  return (
    <Alert tone="warning" className="flex items-center justify-between gap-3 py-2 text-sm">
      <p>{notice}</p>
      <button type="button" onClick={() => setNotice(null)} className="rounded-md px-2 py-1 underline">
        Dismiss
      </button>
    </Alert>
  );
}
