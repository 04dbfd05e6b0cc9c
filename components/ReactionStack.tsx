"use client";
import { useRoomStore } from "@/lib/hooks/room-context";
import { REACTION_LOOKS } from "@/lib/reactions";

/**
 * Every reaction with who sent it, near the controls: seen even when the sender's tile is on another
 * page or off screen, and read out to screen readers.
 */
export function ReactionStack() {
  const reactions = useRoomStore((state) => state.reactions);
  const participants = useRoomStore((state) => state.participants);
  const selfId = useRoomStore((state) => state.self?.id);
  const nameOf = (id: string) =>
    id === selfId ? "You" : (participants.find((p) => p.id === id)?.name ?? "Someone who left");
  return (
    <ul
      aria-live="polite"
      aria-label="Reactions"
      className="pointer-events-none flex flex-col items-start gap-1"
    >
      {reactions.slice(-5).map(({ id, from, reaction }) => (
        <li key={id} className="reaction-rise rounded-full bg-slate-800/90 px-3 py-1 text-sm">
          <span role="img" aria-label={REACTION_LOOKS[reaction].label} className="mr-1 text-lg">
            {REACTION_LOOKS[reaction].emoji}
          </span>
          {nameOf(from)}
        </li>
      ))}
    </ul>
  );
}
