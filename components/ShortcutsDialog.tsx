"use client";
import { useEffect, useId, useRef } from "react";
import { useModal } from "@/lib/hooks/useModal";
import { CALL_SHORTCUTS } from "@/lib/shortcuts";

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const titleId = useId();
  const overlayRef = useRef<HTMLDivElement>(null);
  useModal(overlayRef);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [onClose]);

  return (
    <div
      ref={overlayRef}
      className="fixed inset-0 z-30 flex items-center justify-center bg-slate-950/70 p-4"
      onClick={onClose}
    >
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onClick={(event) => event.stopPropagation()}
        className="w-full max-w-sm space-y-4 rounded-2xl bg-slate-900 p-5 shadow-xl"
      >
        <h2 id={titleId} className="text-lg font-semibold">
          Keyboard shortcuts
        </h2>
        <dl className="space-y-2">
          {CALL_SHORTCUTS.map((shortcut) => (
            <div key={shortcut.key} className="flex items-center justify-between gap-4">
              <dt>
                <kbd className="rounded border border-slate-500 px-2 py-0.5 font-mono">
                  {shortcut.key.toUpperCase()}
                </kbd>
              </dt>
              <dd className="text-slate-300">{shortcut.description}</dd>
            </div>
          ))}
        </dl>
        <button
          type="button"
          onClick={onClose}
          className="w-full rounded-full border border-slate-500 py-2 hover:bg-slate-800"
        >
          Close
        </button>
      </div>
    </div>
  );
}
