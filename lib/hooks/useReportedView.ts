"use client";
import { useEffect } from "react";
import { watchVideoView } from "../rtc/video-view";
import { useRoomSession } from "./room-context";

/**
 * Tells the session how a remote camera is shown, which asks the sender for no more than that.
 * `participantId` null: nothing to report (our own preview, a shared screen).
 */
export function useReportedView(video: HTMLVideoElement | null, participantId: string | null) {
  const session = useRoomSession();
  useEffect(() => {
    if (!video || !participantId) return;
    const stop = watchVideoView(video, (maxHeight) => session.setView(participantId, maxHeight));
    return () => {
      stop();
      // Paged out or moved by a layout change: paused, unless a tile shows this person again.
      session.releaseView(participantId);
    };
  }, [video, participantId, session]);
}
