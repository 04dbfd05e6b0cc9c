"use client";
import { useEffect, type RefObject } from "react";

const FOCUSABLE =
  'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"]), summary';

/** Every element beside `element` and beside each of its ancestors: the rest of the page. */
function restOfPage(element: HTMLElement): HTMLElement[] {
  const rest: HTMLElement[] = [];
  for (let node: HTMLElement | null = element; node && node !== document.body; node = node.parentElement) {
    for (const sibling of node.parentElement?.children ?? []) {
      if (sibling !== node && sibling instanceof HTMLElement && !sibling.hasAttribute("inert"))
        rest.push(sibling);
    }
  }
  return rest;
}

/**
 * While `active`: focus moves into `ref` (its first control), the rest of the page is inert (neither
 * clicked, focused nor read out), and Tab goes round inside; when it ends, focus goes back to where it
 * was. For dialogs, and for a panel that covers the call on a phone.
 */
export function useModal(ref: RefObject<HTMLElement | null>, active = true): void {
  useEffect(() => {
    const element = ref.current;
    if (!active || !element) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const rest = restOfPage(element);
    for (const other of rest) other.setAttribute("inert", "");
    const controls = () => [...element.querySelectorAll<HTMLElement>(FOCUSABLE)];
    controls()[0]?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Tab") return;
      const all = controls();
      const [first, last] = [all[0], all.at(-1)];
      if (!first || !last) return;
      const leaving = event.shiftKey ? document.activeElement === first : document.activeElement === last;
      if (!leaving && element.contains(document.activeElement)) return;
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    };
    element.addEventListener("keydown", onKeyDown);
    return () => {
      element.removeEventListener("keydown", onKeyDown);
      for (const other of rest) other.removeAttribute("inert");
      opener?.focus();
    };
  }, [ref, active]);
}
