"use client";
import { useRoomSession, useRoomStore } from "@/lib/hooks/room-context";
import { IconButton } from "./Button";
import { HandIcon } from "./icons";

/** Hand up or down, as in Meet: to speak next without talking over anyone. */
export function HandToggle() {
  const session = useRoomSession();
  const raised = useRoomStore((state) => state.handRaised);
  return (
    <IconButton
      label="Raise hand"
      pressed={raised}
      tone={raised ? "on" : "neutral"}
      aria-keyshortcuts="H"
      title={raised ? "Lower your hand (H)" : "Raise your hand (H)"}
      onClick={() => session.setHandRaised(!raised)}
    >
      <HandIcon />
    </IconButton>
  );
}
