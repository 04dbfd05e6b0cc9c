"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useRoomSession, useRoomStore } from "@/lib/hooks/room-context";
import { useMediaQuery } from "@/lib/hooks/useMediaQuery";
import { PHONE, SHORT_LANDSCAPE } from "@/lib/layout/gallery";
import { Button, IconButton } from "./Button";
import { FlipCameraButton } from "./FlipCameraButton";
import { MoreMenu } from "./MoreMenu";
import { DeviceToggles } from "./DeviceToggles";
import { HandToggle } from "./HandToggle";
import { PanelToggle } from "./PanelToggle";
import { ReactionPicker } from "./ReactionPicker";
import { RecordToggle } from "./RecordToggle";
import { ScreenShareToggle } from "./ScreenShareToggle";
import { ChatIcon, LeaveIcon, LinkIcon, PaperclipIcon, PeopleIcon, SettingsIcon } from "./call-icons";

export function CallControls({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const router = useRouter();
  const session = useRoomSession();
  const roomId = useRoomStore((state) => state.roomId);
  const compact = useMediaQuery(`${PHONE}, ${SHORT_LANDSCAPE}`);
  const [copyStatus, setCopyStatus] = useState<{ text: string; fades: boolean } | null>(null);

  useEffect(() => {
    // "Copied" can go; a link the person has to copy by hand stays until they act again.
    if (!copyStatus?.fades) return;
    const timer = setTimeout(() => setCopyStatus(null), 4000);
    return () => clearTimeout(timer);
  }, [copyStatus]);

  async function copyInviteLink() {
    const link = `${window.location.origin}/room/${roomId}`;
    try {
      await navigator.clipboard.writeText(link);
      setCopyStatus({ text: "Invite link copied.", fades: true });
    } catch {
      setCopyStatus({ text: `Copy this link to invite people: ${link}`, fades: false });
    }
  }

  function leave() {
    session.leave();
    router.push("/");
  }

  // Everything but the microphone, camera, hand and Leave: in the row on a large screen, behind More on a
  // phone or in a short window, where a second row of controls would leave the call no height.
  const secondary = (
    <>
      <FlipCameraButton />
      <ScreenShareToggle />
      <ReactionPicker />
      <RecordToggle />
      <PanelToggle panel="chat" label="Chat" Icon={ChatIcon} />
      <PanelToggle panel="participants" label="Participants" Icon={PeopleIcon} />
      <PanelToggle panel="files" label="Files" Icon={PaperclipIcon} />
      <PanelToggle panel="settings" label="Settings" Icon={SettingsIcon} />
      {/* The name holds what the button shows, so a voice command of "?" finds it. */}
      <IconButton label="Keyboard shortcuts (?)" aria-keyshortcuts="?" onClick={onShowShortcuts}>
        <span aria-hidden="true" className="font-semibold">
          ?
        </span>
      </IconButton>
      <Button onClick={copyInviteLink}>
        <LinkIcon />
        Copy invite link
      </Button>
    </>
  );

  return (
    <div className="flex flex-col items-center gap-2">
      <p role="status" className="min-h-6 text-sm text-slate-300">
        {copyStatus?.text}
      </p>
      <div className="flex flex-wrap items-center justify-center gap-3">
        <DeviceToggles />
        <HandToggle />
        {compact ? <MoreMenu>{secondary}</MoreMenu> : secondary}
        <Button tone="danger" onClick={leave} className="px-5">
          <LeaveIcon />
          Leave
        </Button>
      </div>
    </div>
  );
}
