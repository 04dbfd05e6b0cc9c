"use client";
import { useState } from "react";
import { useRoomSession } from "@/lib/hooks/room-context";
import { REACTIONS } from "@/lib/protocol";
import { REACTION_LOOKS } from "@/lib/reactions";
import { IconButton } from "./Button";
import { SmileIcon } from "./icons";

/** A button that opens the few reactions; it stays open for a burst of them, Escape closes it. */
export function ReactionPicker() {
  const session = useRoomSession();
  const [open, setOpen] = useState(false);
  return (
    <div
      className="relative"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          event.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <IconButton label="Send a reaction" aria-expanded={open} onClick={() => setOpen(!open)}>
        <SmileIcon />
      </IconButton>
      {open && (
        <div
          role="group"
          aria-label="Reactions"
          className="absolute bottom-14 left-1/2 z-10 flex -translate-x-1/2 gap-1 rounded-full bg-slate-800 p-1 shadow-lg"
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
        </div>
      )}
    </div>
  );
}
