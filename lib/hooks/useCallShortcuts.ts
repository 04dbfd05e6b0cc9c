"use client";
import { useEffect } from "react";
import { shortcutFor, type ShortcutAction } from "../shortcuts";

/** Binds the call's keyboard shortcuts for as long as the call is on screen. */
export function useCallShortcuts(actions: Record<ShortcutAction, () => void>): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const action = shortcutFor(event);
      if (!action) return;
      event.preventDefault();
      actions[action]();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [actions]);
}
