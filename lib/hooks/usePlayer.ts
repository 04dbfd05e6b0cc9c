"use client";
import { useLayoutEffect, useState, type RefObject } from "react";
import { useRoomSession } from "./room-context";

/**
 * Puts a player of `stream` into `slot` and returns it: for a remote person's stream, the one made as
 * it arrived (see StreamPlayers); for one's own preview or a screen, a new one. A `<video>` stays
 * muted; an `<audio>` is heard while it is on the page.
 */
export function usePlayer<K extends "video" | "audio">(
  kind: K,
  slotRef: RefObject<HTMLElement | null>,
  stream: MediaStream | null,
): HTMLElementTagNameMap[K] | null {
  const { players } = useRoomSession();
  const [player, setPlayer] = useState<HTMLElementTagNameMap[K] | null>(null);
  // Before the page is painted, so that a tile never shows without its picture.
  useLayoutEffect(() => {
    const slot = slotRef.current;
    if (!slot) return;
    const element = players.take(kind, stream);
    slot.replaceChildren(element);
    if (kind === "audio") element.muted = false;
    setPlayer(element);
    return () => players.giveBack(element);
  }, [kind, slotRef, stream, players]);
  return player;
}
