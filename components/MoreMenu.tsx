"use client";
import { useRef, useState, type ReactNode } from "react";
import { IconButton } from "./Button";
import { MoreIcon } from "./icons";

/**
 * On a phone, the controls that do not fit one row, behind one button. The same controls as on a
 * wide screen, so a feature never exists on one and not the other.
 */
export function MoreMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  return (
    <div
      className="relative"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          event.stopPropagation();
          close();
        }
      }}
    >
      <IconButton ref={buttonRef} label="More options" aria-expanded={open} onClick={() => setOpen(!open)}>
        <MoreIcon />
      </IconButton>
      {open && (
        <div
          role="group"
          aria-label="More options"
          className="fixed inset-x-2 bottom-20 z-20 flex flex-wrap justify-center gap-3 rounded-2xl bg-slate-900 p-3 shadow-xl"
        >
          {children}
        </div>
      )}
    </div>
  );
}
