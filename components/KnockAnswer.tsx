"use client";
import { useRoomSession } from "@/lib/hooks/room-context";
import type { Knock } from "@/lib/protocol";

const buttonClass = "rounded-full px-3 py-1 text-sm font-medium";

/** A host's two answers to someone knocking, named after them. */
export function KnockAnswer({ knock }: { knock: Knock }) {
  const session = useRoomSession();
  return (
    <span className="flex gap-1">
      <button
        type="button"
        aria-label={`Admit ${knock.name}`}
        onClick={() => session.answerKnock(knock.id, true)}
        className={`${buttonClass} bg-sky-500 text-slate-950 hover:bg-sky-400`}
      >
        Admit
      </button>
      <button
        type="button"
        aria-label={`Deny ${knock.name}`}
        onClick={() => session.answerKnock(knock.id, false)}
        className={`${buttonClass} border border-slate-500 hover:bg-slate-700`}
      >
        Deny
      </button>
    </span>
  );
}
