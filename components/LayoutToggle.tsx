"use client";
import { useRoomActions, useRoomStore } from "@/lib/hooks/room-context";

/** Between the even grid and the speaker view (whoever talks, large). */
export function LayoutToggle() {
  const speakerView = useRoomStore((state) => state.layout === "speaker");
  const { setLayout } = useRoomActions();
  return (
    <button
      type="button"
      aria-pressed={speakerView}
      title={speakerView ? "Show everyone in an even grid" : "Show whoever is speaking large"}
      onClick={() => setLayout(speakerView ? "grid" : "speaker")}
      className="rounded-full border border-slate-500 bg-slate-800 px-3 py-1 text-sm hover:bg-slate-700 aria-pressed:bg-sky-700"
    >
      Speaker view
    </button>
  );
}
