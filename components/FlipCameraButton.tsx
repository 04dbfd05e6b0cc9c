"use client";
import { useRoomSession, useRoomStore } from "@/lib/hooks/room-context";
import { useMediaQuery } from "@/lib/hooks/useMediaQuery";
import { IconButton } from "./Button";
import { FlipCameraIcon } from "./icons";

/** Front or back camera, on touch devices (phones and tablets), where there usually are both. */
export function FlipCameraButton() {
  const { localMedia } = useRoomSession();
  const cameraOn = useRoomStore((state) => state.video.available);
  const touch = useMediaQuery("(pointer: coarse)");
  if (!touch || !cameraOn) return null;
  return (
    <IconButton
      label="Switch camera"
      title="Switch between front and back camera"
      onClick={() => void localMedia.flipCamera()}
    >
      <FlipCameraIcon />
    </IconButton>
  );
}
