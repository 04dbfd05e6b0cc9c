"use client";
import { useLayoutEffect, useState, type RefObject } from "react";
import { useRoomSession } from "./room-context";

/**
 * Puts a `<video>` playing `stream` into `slot`, and returns it: for a remote camera, the player made
 * as its stream arrived (see StreamPlayers); for one's own preview or a screen, a new one.
 */
export function useTileVideo(slotRef: RefObject<HTMLElement | null>, stream: MediaStream | null) {
  const { players } = useRoomSession();
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  // Before the tile is painted, so that it never shows without its picture.
  useLayoutEffect(() => {
    const slot = slotRef.current;
    if (!slot) return;
    const element = players.take(stream);
    slot.replaceChildren(element);
    setVideo(element);
    return () => players.giveBack(element);
  }, [slotRef, stream, players]);
  return video;
}
