"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useRoomSession, useRoomStore } from "@/lib/hooks/room-context";
import { PanelToggle } from "./PanelToggle";
import { DeviceToggles } from "./DeviceToggles";
import { ScreenShareToggle } from "./ScreenShareToggle";
import { ChatIcon, LeaveIcon, LinkIcon, PaperclipIcon, PeopleIcon, SettingsIcon } from "./icons";

export function CallControls({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const router = useRouter();
  const session = useRoomSession();
  const roomId = useRoomStore((state) => state.roomId);
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

  return (
    <div className="flex flex-col items-center gap-2">
      <p role="status" className="min-h-6 text-sm text-slate-300">
        {copyStatus?.text}
      </p>
      <div className="flex flex-wrap items-center justify-center gap-3">
        <DeviceToggles />
        <ScreenShareToggle />
        <PanelToggle panel="chat" label="Chat" Icon={ChatIcon} />
        <PanelToggle panel="participants" label="Participants" Icon={PeopleIcon} />
        <PanelToggle panel="files" label="Files" Icon={PaperclipIcon} />
        <PanelToggle panel="settings" label="Settings" Icon={SettingsIcon} />
        <button
          type="button"
          onClick={onShowShortcuts}
          aria-label="Keyboard shortcuts"
          aria-keyshortcuts="?"
          className="flex h-12 w-12 items-center justify-center rounded-full border border-slate-500 bg-slate-800 font-semibold hover:bg-slate-700"
        >
          ?
        </button>
        <button
          type="button"
          onClick={copyInviteLink}
          className="flex h-12 items-center gap-2 rounded-full border border-slate-500 bg-slate-800 px-4 hover:bg-slate-700"
        >
          <LinkIcon />
          Copy invite link
        </button>
        <button
          type="button"
          onClick={leave}
          className="flex h-12 items-center gap-2 rounded-full bg-rose-600 px-5 font-medium hover:bg-rose-500"
        >
          <LeaveIcon />
          Leave
        </button>
      </div>
    </div>
  );
}
