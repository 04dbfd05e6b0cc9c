"use client";
import { useEffect } from "react";
import type { MediaKind } from "../rtc/devices";
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
  const toggle = (kind: MediaKind) => () => localMedia.toggle(kind);
  return { stream, status, audio, video, toggleAudio: toggle("audio"), toggleVideo: toggle("video") };
}
