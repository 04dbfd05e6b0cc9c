"use client";
import { useEffect, type RefObject } from "react";
import { wantedHeight } from "../rtc/video-view";
import { useRoomSession } from "./room-context";

/**
 * Watches how a remote camera is shown (its size, whether it is on screen, in a visible page, or in
 * picture-in-picture) and tells the session, which asks the sender for no more than that.
 * `participantId` null: nothing to report (our own preview, a shared screen).
 */
export function useReportedView(videoRef: RefObject<HTMLVideoElement | null>, participantId: string | null) {
  const session = useRoomSession();
  useEffect(() => {
    const video = videoRef.current;
    if (!video || !participantId || typeof IntersectionObserver === "undefined") return;
    let inViewport = false;
    const report = () => {
      const floating = document.pictureInPictureElement === video;
      const visible = floating || (inViewport && document.visibilityState === "visible");
      const { width, height } = video.getBoundingClientRect();
      // A floating window's size is not the tile's: send it full, the window may be made large.
      const box = floating ? { width: Infinity, height: Infinity } : { width, height };
      session.setView(participantId, wantedHeight({ visible, ...box, pixelRatio: devicePixelRatio }));
    };
    const intersection = new IntersectionObserver((entries) => {
      inViewport = entries.some((entry) => entry.isIntersecting);
      report();
    });
    const resize = new ResizeObserver(report);
    intersection.observe(video);
    resize.observe(video);
    document.addEventListener("visibilitychange", report);
    video.addEventListener("enterpictureinpicture", report);
    video.addEventListener("leavepictureinpicture", report);
    return () => {
      // Paged out or moved by a layout change: paused, unless a tile shows this person again.
      session.releaseView(participantId);
      intersection.disconnect();
      resize.disconnect();
      document.removeEventListener("visibilitychange", report);
      video.removeEventListener("enterpictureinpicture", report);
      video.removeEventListener("leavepictureinpicture", report);
    };
  }, [videoRef, participantId, session]);
}
