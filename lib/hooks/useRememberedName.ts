"use client";
import { useState, useSyncExternalStore } from "react";

const NAME_KEY = "parley:name";

/** Storage can be blocked (privacy settings, some embedded views): then nothing is remembered. */
function readStoredName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? "";
  } catch {
    return "";
  }
}

function subscribe(onChange: () => void) {
  window.addEventListener("storage", onChange);
  return () => window.removeEventListener("storage", onChange);
}

/**
 * The display name field: starts from the name used last time (localStorage), which the server render
 * cannot know, so it is read as an external store rather than copied into state after mount.
 */
export function useRememberedName() {
  const stored = useSyncExternalStore(subscribe, readStoredName, () => "");
  const [typed, setTyped] = useState<string | null>(null);
  const remember = (name: string) => {
    try {
      localStorage.setItem(NAME_KEY, name);
    } catch {
      // Not remembered next time; nothing else depends on it.
    }
  };
  return { name: typed ?? stored, setName: setTyped, remember };
}
