"use client";
import { useRoomSession } from "@/lib/hooks/room-context";
import { REACTIONS } from "@/lib/protocol";
import { REACTION_LOOKS } from "@/lib/reactions";
import { SmileIcon } from "./call-icons";
import { Popover } from "./Popover";

/** The few reactions, behind one button. */
export function ReactionPicker() {
  const session = useRoomSession();
  return (
    <Popover
      label="Send a reaction"
      icon={<SmileIcon />}
      placement="absolute bottom-14 left-1/2 -translate-x-1/2 p-1"
    >
      {REACTIONS.map((reaction) => (
        <button
          key={reaction}
          type="button"
          aria-label={REACTION_LOOKS[reaction].label}
          title={REACTION_LOOKS[reaction].label}
          onClick={() => session.react(reaction)}
          className="flex h-11 w-11 items-center justify-center rounded-full text-2xl hover:bg-slate-700"
        >
          <span aria-hidden="true">{REACTION_LOOKS[reaction].emoji}</span>
        </button>
      ))}
    </Popover>
  );
}
