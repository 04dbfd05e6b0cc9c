"use client";
import { useState } from "react";
import { hostKeyFor, hostLink } from "@/lib/host-keys";
import { useRoomSession, useRoomStore } from "@/lib/hooks/room-context";
import { KnockAnswer } from "./KnockAnswer";

const buttonClass = "rounded-full px-3 py-1 text-sm font-medium";

/** For the host: lock the meeting, answer who knocks, and pass host rights to another browser. */
export function HostControls() {
  const session = useRoomSession();
  const roomId = useRoomStore((state) => state.roomId);
  const locked = useRoomStore((state) => state.locked);
  const knocks = useRoomStore((state) => state.knocks);
  const [copied, setCopied] = useState<string | null>(null);

  async function copyHostLink() {
    const key = hostKeyFor(roomId);
    if (!key) return;
    const link = hostLink(window.location.origin, roomId, key);
    try {
      await navigator.clipboard.writeText(link);
      setCopied("Host link copied. Open it only in your own browsers: whoever has it can run the meeting.");
    } catch {
      setCopied(`Your host link (keep it to yourself): ${link}`);
    }
  }

  return (
    <div className="space-y-3 border-b border-slate-700 p-3">
      <button
        type="button"
        aria-pressed={locked}
        onClick={() => session.setLocked(!locked)}
        className={`${buttonClass} w-full border border-slate-500 py-2 hover:bg-slate-700 aria-pressed:border-amber-400 aria-pressed:bg-amber-700`}
      >
        Lock meeting
      </button>
      <p className="text-xs text-slate-400">
        {locked ? "Newcomers ask to join and wait for you to let them in." : "Anyone with the link can join."}
      </p>
      {knocks.length > 0 && (
        <section aria-label="Waiting to join" className="space-y-2">
          <h3 className="text-sm font-semibold">Waiting to join</h3>
          <ul className="space-y-2">
            {knocks.map((knock) => (
              <li key={knock.id} className="flex items-center justify-between gap-2">
                <span className="truncate">{knock.name}</span>
                <KnockAnswer knock={knock} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <button type="button" onClick={copyHostLink} className={`${buttonClass} text-sky-300 underline`}>
        Copy host link
      </button>
      {copied && (
        <p role="status" className="text-xs break-all text-slate-300">
          {copied}
        </p>
      )}
    </div>
  );
}
