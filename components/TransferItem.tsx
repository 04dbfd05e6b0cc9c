"use client";
import { formatBytes, formatRate } from "@/lib/files/format";
import { useRoomSession } from "@/lib/hooks/room-context";
import type { TransferView } from "@/lib/store/room-store";

const buttonClass = "rounded-full px-3 py-1 text-sm font-medium";

/** What a transfer is doing, in words; the progress bar says how far. */
function describe(transfer: TransferView): string {
  const { peerName, state, direction } = transfer;
  const percent = transfer.size > 0 ? Math.floor((transfer.bytes / transfer.size) * 100) : 100;
  switch (state) {
    case "offered":
      return `${peerName} wants to send you this file.`;
    case "waiting":
      return `Waiting for ${peerName} to accept...`;
    case "sending":
      return `Sending... ${percent}%`;
    case "receiving":
      return `Receiving... ${percent}%`;
    case "done": {
      const rate = transfer.bytesPerSecond ? ` at ${formatRate(transfer.bytesPerSecond)}` : "";
      return direction === "outgoing" ? `Sent and checked${rate}.` : `Received and checked${rate}.`;
    }
    case "declined":
      return direction === "outgoing" ? `${peerName} declined.` : "You declined.";
    case "cancelled":
      return transfer.problem ?? "Cancelled.";
    case "failed":
      return transfer.problem ?? "The transfer failed.";
  }
}

export function TransferItem({ transfer }: { transfer: TransferView }) {
  const { files } = useRoomSession();
  const { id, name, state } = transfer;
  const moving = state === "waiting" || state === "sending" || state === "receiving";
  const over = !moving && state !== "offered";
  return (
    <li aria-label={name} className="space-y-1.5 rounded-xl bg-slate-800 p-3">
      <p className="flex justify-between gap-2 text-sm">
        <span className="truncate font-medium">{name}</span>
        <span className="shrink-0 text-slate-400">{formatBytes(transfer.size)}</span>
      </p>
      <p className="text-xs text-slate-400">
        {transfer.direction === "outgoing" ? `To ${transfer.peerName}` : `From ${transfer.peerName}`}
      </p>
      {moving && (
        <progress
          aria-label={`${name} progress`}
          value={transfer.bytes}
          max={Math.max(transfer.size, 1)}
          className="h-2 w-full"
        />
      )}
      <p role={state === "failed" ? "alert" : "status"} className="text-sm">
        {describe(transfer)}
      </p>
      <div className="flex flex-wrap gap-2">
        {state === "offered" && (
          <>
            <button
              type="button"
              aria-label={`Accept ${name}`}
              onClick={() => files.accept(id)}
              className={`${buttonClass} bg-sky-500 text-slate-950 hover:bg-sky-400`}
            >
              Accept
            </button>
            <button
              type="button"
              aria-label={`Decline ${name}`}
              onClick={() => files.decline(id)}
              className={`${buttonClass} border border-slate-500 hover:bg-slate-700`}
            >
              Decline
            </button>
          </>
        )}
        {moving && (
          <button
            type="button"
            aria-label={`Cancel ${name}`}
            onClick={() => files.cancel(id)}
            className={`${buttonClass} border border-slate-500 hover:bg-slate-700`}
          >
            Cancel
          </button>
        )}
        {transfer.url && (
          <a
            href={transfer.url}
            download={name}
            className={`${buttonClass} bg-emerald-500 text-slate-950 hover:bg-emerald-400`}
          >
            Save {name}
          </a>
        )}
        {over && (
          <button
            type="button"
            aria-label={`Remove ${name} from the list`}
            onClick={() => files.dismiss(id)}
            className={`${buttonClass} hover:bg-slate-700`}
          >
            Remove
          </button>
        )}
      </div>
    </li>
  );
}
