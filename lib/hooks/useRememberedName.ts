"use client";
import { useState, useSyncExternalStore } from "react";

const NAME_KEY = "parley:name";

function subscribe(onChange: () => void) {
  window.addEventListener("storage", onChange);
  return () => window.removeEventListener("storage", onChange);
}

/**
 * The display name field: starts from the name used last time (localStorage), which the server render
 * cannot know, so it is read as an external store rather than copied into state after mount.
 */
export function useRememberedName() {
  const stored = useSyncExternalStore(
    subscribe,
    () => localStorage.getItem(NAME_KEY) ?? "",
    () => "",
  );
  const [typed, setTyped] = useState<string | null>(null);
  const remember = (name: string) => localStorage.setItem(NAME_KEY, name);
  return { name: typed ?? stored, setName: setTyped, remember };
}
