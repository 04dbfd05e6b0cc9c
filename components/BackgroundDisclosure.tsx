"use client";
import { lazy, Suspense, useId, useState } from "react";
import { useRoomStore } from "@/lib/hooks/room-context";
import { useHydrated } from "@/lib/hooks/useBrowserSupports";
import { describeBackground } from "@/lib/media/background/choice";

/** Loaded when first opened: the room page's first load stays as small as it was. */
const BackgroundPicker = lazy(() =>
  import("./BackgroundPicker").then((module) => ({ default: module.BackgroundPicker })),
);

/** Background effects on the pre-join screen, behind a button that says which one is on. */
export function BackgroundDisclosure() {
  const [open, setOpen] = useState(false);
  const background = useRoomStore((state) => state.background);
  const panel = useId();
  const hydrated = useHydrated();
  return (
    <div className="space-y-2">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panel}
        disabled={!hydrated}
        onClick={() => setOpen(!open)}
        className="rounded-full border border-slate-500 px-4 py-1.5 text-sm hover:bg-slate-800 disabled:opacity-50"
      >
        Background effects
        <span className="text-slate-400"> · {describeBackground(background)}</span>
      </button>
      <div id={panel}>
        {open && (
          <Suspense fallback={<p className="text-sm text-slate-400">Loading backgrounds…</p>}>
            <BackgroundPicker />
          </Suspense>
        )}
      </div>
    </div>
  );
}
