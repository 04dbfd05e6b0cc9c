"use client";
import { useRoomStore } from "@/lib/hooks/room-context";

/** Shown for the moment between leaving and the lobby, or for good if navigation fails. */
export function LeftMeeting() {
  const roomId = useRoomStore((state) => state.roomId);
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-6 p-6 text-center">
      <h1 className="text-2xl font-semibold">You left the meeting</h1>
      <div className="flex gap-3">
        {/* A full page load: a fresh camera, a fresh connection. */}
        <a
          href={`/room/${roomId}`}
          className="rounded-full border border-slate-500 px-5 py-2.5 hover:bg-slate-800"
        >
          Rejoin
        </a>
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a page load, on purpose (as Rejoin) */}
        <a
          href="/"
          className="rounded-full bg-sky-500 px-5 py-2.5 font-medium text-slate-950 hover:bg-sky-400"
        >
          Back to the start
        </a>
      </div>
    </main>
  );
}
