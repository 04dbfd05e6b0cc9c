"use client";
import { useRoomStore } from "@/lib/hooks/room-context";
import { describeRecorders } from "@/lib/presence";

/** Everyone sees who records the meeting for as long as they do, late joiners too. */
export function RecordingNotice() {
  const participants = useRoomStore((state) => state.participants);
  const selfId = useRoomStore((state) => state.self?.id);
  const others = participants.filter((p) => p.recording && p.id !== selfId).map((p) => p.name);
  const youToo = participants.some((p) => p.recording && p.id === selfId);
  const text = describeRecorders(others, youToo);
  if (!text) return null;
  return (
    <p className="flex items-center gap-2 rounded-lg bg-rose-950/70 px-4 py-2 text-sm text-rose-100">
      <span aria-hidden="true" className="h-2.5 w-2.5 rounded-full bg-rose-500" />
      {text}
    </p>
  );
}
