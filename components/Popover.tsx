"use client";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { IconButton } from "./Button";

interface PopoverProps {
  /** The button's name, and the group's. */
  label: string;
  icon: ReactNode;
  /** Where the group shows, relative to the button. */
  placement: string;
  /**
   * Closes the group when this changes (a side panel opening from it): the group would cover what
   * was opened. Focus that was in it goes back to the button.
   */
  closeOn?: unknown;
  children: ReactNode;
}

/**
 * A button that shows a group of controls above it: it stays open while they are used (a burst of
 * reactions), and Escape or the button closes it, focus back on the button.
 */
export function Popover({ label, icon, placement, closeOn, children }: PopoverProps) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const groupRef = useRef<HTMLDivElement>(null);
  const closedOn = useRef(closeOn);
  useEffect(() => {
    if (Object.is(closedOn.current, closeOn)) return;
    closedOn.current = closeOn;
    if (groupRef.current?.contains(document.activeElement)) buttonRef.current?.focus();
    setOpen(false);
  }, [closeOn]);
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
          ref={groupRef}
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
