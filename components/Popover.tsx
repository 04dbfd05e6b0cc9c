"use client";
import { useRef, useState, type ReactNode } from "react";
import { IconButton } from "./Button";

interface PopoverProps {
  /** The button's name, and the group's. */
  label: string;
  icon: ReactNode;
  /** Where the group shows, relative to the button. */
  placement: string;
  children: ReactNode;
}

/**
 * A button that shows a group of controls above it: it stays open while they are used (a burst of
 * reactions), and Escape or the button closes it, focus back on the button.
 */
export function Popover({ label, icon, placement, children }: PopoverProps) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  return (
    <div
      className="relative"
      onKeyDown={(event) => {
        if (event.key !== "Escape" || !open) return;
        event.stopPropagation();
        setOpen(false);
        buttonRef.current?.focus();
      }}
    >
      <IconButton ref={buttonRef} label={label} aria-expanded={open} onClick={() => setOpen(!open)}>
        {icon}
      </IconButton>
      {open && (
        <div
          role="group"
          aria-label={label}
          className={`z-20 flex gap-1 rounded-2xl bg-slate-900 shadow-xl ${placement}`}
        >
          {children}
        </div>
      )}
    </div>
  );
}
