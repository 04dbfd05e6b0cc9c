"use client";
import { useRef, type ReactNode } from "react";
import { useRoomActions } from "@/lib/hooks/room-context";
import { useMediaQuery } from "@/lib/hooks/useMediaQuery";
import { useModal } from "@/lib/hooks/useModal";
import { PHONE } from "@/lib/layout/gallery";

interface SidePanelProps {
  /** The landmark's name, which is also how tests and screen readers find it. */
  label: string;
  title: ReactNode;
  closeLabel: string;
  children: ReactNode;
}

/** The frame of a side panel beside the call: full screen on a phone, a column on a wider screen. */
export function SidePanel({ label, title, closeLabel, children }: SidePanelProps) {
  const { setSidePanel } = useRoomActions();
  const panelRef = useRef<HTMLElement>(null);
  // On a phone the panel is all there is to see: focus goes into it and the call behind is inert.
  useModal(panelRef, useMediaQuery(PHONE));
  return (
    <aside
      ref={panelRef}
      aria-label={label}
      className="fixed inset-0 z-20 flex flex-col bg-slate-900 sm:static sm:w-80 sm:rounded-2xl"
    >
      <header className="flex items-center justify-between border-b border-slate-700 p-3">
        <h2 className="font-semibold">{title}</h2>
        <button
          type="button"
          onClick={() => setSidePanel(null)}
          className="rounded-full px-3 py-1 text-sm hover:bg-slate-800"
        >
          {closeLabel}
        </button>
      </header>
      {children}
    </aside>
  );
}
