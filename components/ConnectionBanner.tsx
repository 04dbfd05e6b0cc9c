"use client";
import { useRoomStore } from "@/lib/hooks/room-context";

/** The room server is gone or not yet reached: say so instead of failing silently. */
export function ConnectionBanner() {
  const connection = useRoomStore((state) => state.connection);
  const inCall = useRoomStore((state) => state.phase === "in-call");
  if (connection !== "reconnecting") return null;
  return (
    <p role="alert" className="bg-amber-400 px-4 py-2 text-center font-medium text-slate-950">
      {inCall
        ? "Lost the connection to the meeting server. Reconnecting..."
        : "Can't reach the meeting server. Reconnecting..."}
    </p>
  );
}
