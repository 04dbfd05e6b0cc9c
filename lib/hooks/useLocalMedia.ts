"use client";
import { useCallback, useEffect } from "react";
import { useRoomSession, useRoomStore } from "./room-context";

/**
 * Asks for the camera and microphone when the meeting page opens (the pre-join preview), and keeps
 * the device lists current; the same tracks are carried into the call and stopped when the page closes.
 */
export function useAcquireLocalMedia(): void {
  const { localMedia } = useRoomSession();
  const mediaReady = useRoomStore((state) => state.mediaStatus === "ready");
  useEffect(() => void localMedia.acquire(), [localMedia]);
  // Device labels are hidden until media is allowed: listed again once it is.
  useEffect(() => localMedia.watchDevices(), [localMedia, mediaReady]);
}

/** The local preview stream, device states and their toggles (see LocalMediaController.toggle). */
export function useLocalMedia() {
  const { localMedia } = useRoomSession();
  const stream = useRoomStore((state) => state.localStream);
  const status = useRoomStore((state) => state.mediaStatus);
  const audio = useRoomStore((state) => state.audio);
  const video = useRoomStore((state) => state.video);
  // Stable, so what depends on them (the keyboard shortcuts) is not set up again on every render.
  const toggleAudio = useCallback(() => localMedia.toggle("audio"), [localMedia]);
  const toggleVideo = useCallback(() => localMedia.toggle("video"), [localMedia]);
  return { stream, status, audio, video, toggleAudio, toggleVideo };
}
