"use client";
import { useShallow } from "zustand/react/shallow";
import { useRoomStore } from "@/lib/hooks/room-context";
import { REACTION_LOOKS } from "@/lib/reactions";

/** The reactions of one person, floating up over their tile (decoration: the stack says them). */
export function TileReactions({ participantId }: { participantId: string }) {
  const mine = useRoomStore(useShallow((state) => state.reactions.filter((r) => r.from === participantId)));
  if (mine.length === 0) return null;
  return (
    <div aria-hidden="true" className="pointer-events-none absolute bottom-10 left-3 flex gap-1 text-4xl">
      {mine.slice(-3).map(({ id, reaction }) => (
        <span key={id} className="reaction-rise">
          {REACTION_LOOKS[reaction].emoji}
        </span>
      ))}
    </div>
  );
}
