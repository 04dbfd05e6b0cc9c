"use client";
import { useEffect, useState } from "react";
import { describeRosterChange } from "@/lib/call/announcements";
import { useRoomStoreApi } from "@/lib/hooks/room-context";

/** Says who joined, left, raised a hand or started recording, to screen readers only. */
export function Announcer() {
  const store = useRoomStoreApi();
  const [said, setSaid] = useState("");
  useEffect(
    () =>
      store.subscribe((state, previous) => {
        if (state.participants === previous.participants) return;
        const sentences = describeRosterChange(
          previous.participants,
          state.participants,
          state.self?.id ?? null,
        );
        if (sentences.length > 0) setSaid(`${sentences.join(". ")}.`);
      }),
    [store],
  );
  return (
    <p role="status" aria-live="polite" className="sr-only">
      {said}
    </p>
  );
}
