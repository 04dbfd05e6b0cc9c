"use client";
import { useCallback, useEffect } from "react";
import { acquireLocalMedia, stopStream } from "../rtc/local-media";
import { useRoomActions, useRoomStore, useRoomStoreApi } from "./room-context";

/**
 * Asks for the camera and microphone once, when the meeting page opens (the pre-join preview); the
 * same tracks are carried into the call and stopped by the session when the page closes.
 */
export function useAcquireLocalMedia(): void {
  const actions = useRoomActions();
  useEffect(() => {
    let cancelled = false;
    actions.setMediaRequesting();
    void acquireLocalMedia(globalThis.navigator?.mediaDevices).then((media) => {
      if (cancelled) stopStream(media.stream);
      else actions.setLocalMedia(media);
    });
    return () => {
      cancelled = true;
    };
  }, [actions]);
}

/**
 * The local preview stream, device states and their toggles. A toggle flips `track.enabled`, which
 * keeps the call negotiated and sends silence or black frames instead of the real thing.
 */
export function useLocalMedia() {
  const actions = useRoomActions();
  const storeApi = useRoomStoreApi();
  const stream = useRoomStore((state) => state.localStream);
  const status = useRoomStore((state) => state.mediaStatus);
  const audio = useRoomStore((state) => state.audio);
  const video = useRoomStore((state) => state.video);

  const toggle = useCallback(
    (kind: "audio" | "video") => {
      const state = storeApi.getState();
      if (!state[kind].available) return;
      const enabled = !state[kind].enabled;
      state.localStream?.getTracks().forEach((track) => {
        if (track.kind === kind) track.enabled = enabled;
      });
      actions.setDeviceEnabled(kind, enabled);
    },
    [actions, storeApi],
  );
  const toggleAudio = useCallback(() => toggle("audio"), [toggle]);
  const toggleVideo = useCallback(() => toggle("video"), [toggle]);

  return { stream, status, audio, video, toggleAudio, toggleVideo };
}
