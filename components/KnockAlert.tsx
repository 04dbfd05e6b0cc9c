"use client";
import { useEffect, useRef } from "react";
import { useRoomStore } from "@/lib/hooks/room-context";
import { playChime } from "@/lib/media/chime";
import { KnockAnswer } from "./KnockAnswer";

/**
 * For a host, whatever panel is open: who is at the door, with the answers at hand, and a soft chime
 * for each new knock, so nobody waits unseen while the host looks at the chat or at someone's screen.
 */
export function KnockAlert() {
  const isHost = useRoomStore((state) => state.self?.host === true);
  const knocks = useRoomStore((state) => state.knocks);
  const panelShowsThem = useRoomStore((state) => state.sidePanel === "participants");
  const heard = useRef(new Set<string>());
  useEffect(() => {
    if (!isHost) return;
    const fresh = knocks.filter((knock) => !heard.current.has(knock.id));
    for (const knock of fresh) heard.current.add(knock.id);
    if (fresh.length > 0) playChime();
  }, [isHost, knocks]);
  if (!isHost || knocks.length === 0 || panelShowsThem) return null;
  return (
    <section
      role="alert"
      aria-label="Waiting to join"
      className="space-y-2 rounded-lg bg-sky-900/70 px-4 py-2 text-sm"
    >
      {knocks.slice(0, 3).map((knock) => (
        <p key={knock.id} className="flex flex-wrap items-center justify-between gap-2">
          <span>
            <strong>{knock.name}</strong> is asking to join.
          </span>
          <KnockAnswer knock={knock} />
        </p>
      ))}
      {knocks.length > 3 && <p>And {knocks.length - 3} more: see Participants.</p>}
    </section>
  );
}
