"use client";
import { useId, useRef, useState } from "react";
import { useRoomSession, useRoomStore } from "@/lib/hooks/room-context";
import { filesUnavailable } from "@/lib/files/availability";
import { SidePanel } from "./SidePanel";
import { TransferItem } from "./TransferItem";

const EVERYONE = "everyone";

/** Sends files to one person or everyone, and lists every transfer with what can be done about it. */
export function FilesPanel() {
  const { files } = useRoomSession();
  const transfers = useRoomStore((state) => state.transfers);
  const selfId = useRoomStore((state) => state.self?.id);
  const participants = useRoomStore((state) => state.participants);
  const others = participants.filter((participant) => participant.id !== selfId);
  const unavailable = filesUnavailable(others.length);
  const [recipient, setRecipient] = useState(EVERYONE);
  const inputRef = useRef<HTMLInputElement>(null);
  const recipientId = useId();
  // Someone chosen who has since left: back to everyone.
  const chosen = others.some((p) => p.id === recipient) ? recipient : EVERYONE;

  function send(list: FileList | null) {
    if (!list || list.length === 0) return;
    const to = chosen === EVERYONE ? others.map((p) => p.id) : [chosen];
    for (const file of Array.from(list)) files.send(file, to);
    // The same file can be chosen again.
    if (inputRef.current) inputRef.current.value = "";
  }

  return (
    <SidePanel label="Files" title="Files" closeLabel="Close files">
      <div className="space-y-2 border-b border-slate-700 p-3">
        <label htmlFor={recipientId} className="block text-sm text-slate-300">
          Send to
        </label>
        <select
          id={recipientId}
          value={chosen}
          onChange={(event) => setRecipient(event.target.value)}
          className="w-full rounded-lg border border-slate-600 bg-slate-950 px-2 py-1.5"
        >
          <option value={EVERYONE}>Everyone</option>
          {others.map((participant) => (
            <option key={participant.id} value={participant.id}>
              {participant.name}
            </option>
          ))}
        </select>
        <input
          ref={inputRef}
          type="file"
          multiple
          aria-label="File to send"
          tabIndex={-1}
          className="sr-only"
          onChange={(event) => send(event.target.files)}
        />
        <button
          type="button"
          disabled={unavailable !== null}
          onClick={() => inputRef.current?.click()}
          className="w-full rounded-full bg-sky-500 py-2 font-medium text-slate-950 hover:bg-sky-400 disabled:opacity-50"
        >
          Send file
        </button>
        <p className="text-xs text-slate-400">
          {unavailable ??
            "Or drop files onto the call. They go straight to the other browser; no server keeps them."}
        </p>
      </div>
      <ul aria-label="Transfers" className="flex-1 space-y-2 overflow-y-auto p-3">
        {transfers.length === 0 && <li className="text-sm text-slate-400">No files yet.</li>}
        {transfers.map((transfer) => (
          <TransferItem key={transfer.id} transfer={transfer} />
        ))}
      </ul>
    </SidePanel>
  );
}
