"use client";
import { useRoomStore } from "@/lib/hooks/room-context";

/**
 * A large meeting's media goes through the media server, which decrypts it to forward it: said
 * plainly, since in a small meeting Parley can say the opposite (and show safety codes to prove it).
 */
export function RouteNote() {
  const route = useRoomStore((state) => state.route);
  if (route !== "sfu") return null;
  return (
    <p role="note" className="rounded-lg bg-slate-800 px-4 py-2 text-sm text-slate-300">
      This is a large meeting: its video and audio go through Parley&apos;s media server, which can see and
      hear them. In meetings of up to a few people they go directly between you.
    </p>
  );
}
