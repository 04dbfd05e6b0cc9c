"use client";
import { useRoomSession, useRoomStore } from "@/lib/hooks/room-context";
import { useBrowserSupports } from "@/lib/hooks/useBrowserSupports";
import { describeScreenShareProblem } from "@/lib/rtc/screen-share";
import { Button } from "./Button";
import { ScreenIcon } from "./call-icons";

const canShareScreen = () => typeof navigator.mediaDevices?.getDisplayMedia === "function";

/** Hidden where the browser cannot share a screen at all (phones), rather than offered and failing. */
export function ScreenShareToggle() {
  const session = useRoomSession();
  const sharing = useRoomStore((state) => state.screen !== null);
  const supported = useBrowserSupports(canShareScreen);
  if (!supported) return null;
  return (
    <Button
      pressed={sharing}
      tone={sharing ? "on" : "neutral"}
      title={sharing ? "Stop sharing your screen" : "Share your screen with everyone"}
      onClick={() =>
        sharing
          ? session.localMedia.stopSharingScreen()
          : void session.localMedia.shareScreen(describeScreenShareProblem)
      }
    >
      <ScreenIcon />
      Share screen
    </Button>
  );
}
