"use client";
import { describeLinkStats, linkQuality, type LinkStats } from "@/lib/rtc/link-stats";

const BARS = { good: 3, fair: 2, poor: 1 } as const;
const COLOUR = { good: "bg-emerald-400", fair: "bg-amber-400", poor: "bg-rose-500" } as const;

/** Signal bars for a link, named for screen readers ("Connection good"), and the stats when asked. */
export function LinkQuality({ stats, detailed }: { stats: LinkStats; detailed: boolean }) {
  const quality = linkQuality(stats);
  return (
    <>
      <span
        role="img"
        aria-label={`Connection ${quality}`}
        className="flex items-end gap-0.5"
        title={`Connection ${quality}`}
      >
        {[1, 2, 3].map((bar) => (
          <span
            key={bar}
            className={`w-1 rounded-sm ${bar <= BARS[quality] ? COLOUR[quality] : "bg-slate-500"}`}
            style={{ height: `${4 + bar * 3}px` }}
          />
        ))}
      </span>
      {detailed && (
        <span
          data-link-stats
          className="absolute top-2 left-2 rounded bg-slate-950/80 px-2 py-1 font-mono text-xs"
        >
          {describeLinkStats(stats)}
        </span>
      )}
    </>
  );
}
