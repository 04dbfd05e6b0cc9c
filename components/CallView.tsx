"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useRoomActions, useRoomSession, useRoomStore, useRoomStoreApi } from "@/lib/hooks/room-context";
import { useCallShortcuts } from "@/lib/hooks/useCallShortcuts";
import { useLocalMedia } from "@/lib/hooks/useLocalMedia";
import { useSpeakers } from "@/lib/hooks/useSpeakers";
import { PHONE } from "@/lib/layout/gallery";
import { Announcer } from "./Announcer";
import { CallControls } from "./CallControls";
import { KnockAlert } from "./KnockAlert";
import { ReactionStack } from "./ReactionStack";
import { RecordingNotice } from "./RecordingNotice";
import { CallNotice } from "./CallNotice";
import { RouteNote } from "./RouteNote";
import { ChatPanel } from "./ChatPanel";
import { ParticipantsPanel } from "./ParticipantsPanel";
import { ShortcutsDialog } from "./ShortcutsDialog";
import { FilesPanel } from "./FilesPanel";
import { SettingsPanel } from "./SettingsPanel";
import { ScreenShareBanner } from "./ScreenShareBanner";
import { LayoutToggle } from "./LayoutToggle";
import { RemoteAudio } from "./RemoteAudio";
import { Stage } from "./Stage";

export function CallView() {
  const roomId = useRoomStore((state) => state.roomId);
  const participants = useRoomStore((state) => state.participants);
  const { toggleAudio, toggleVideo } = useLocalMedia();
  const sidePanel = useRoomStore((state) => state.sidePanel);
  const { setSidePanel, setLayout } = useRoomActions();
  const storeApi = useRoomStoreApi();
  const session = useRoomSession();
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const closeShortcuts = useCallback(() => setShortcutsOpen(false), []);
  const shortcutActions = useMemo(
    () => ({
      toggleMicrophone: toggleAudio,
      toggleCamera: toggleVideo,
      toggleChat: () => setSidePanel(storeApi.getState().sidePanel === "chat" ? null : "chat"),
      toggleHand: () => session.setHandRaised(!storeApi.getState().handRaised),
      showShortcuts: () => setShortcutsOpen(true),
    }),
    [toggleAudio, toggleVideo, setSidePanel, storeApi, session],
  );
  useCallShortcuts(shortcutActions);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
    // A phone held upright has room for one face: the speaker's, large, with the others in a strip.
    if (globalThis.matchMedia?.(`${PHONE} and (orientation: portrait)`).matches) setLayout("speaker");
  }, [setLayout]);
  useSpeakers();

  return (
    <main className="flex h-dvh flex-col gap-4 p-4">
      <header className="flex items-center justify-between">
        {/* Focus lands here on joining, so keyboard and screen-reader users know where they are. */}
        <h1 ref={headingRef} tabIndex={-1} className="text-lg font-semibold">
          Parley <span className="font-mono font-normal text-slate-400">{roomId}</span>
        </h1>
        <div className="flex items-center gap-3">
          <p className="text-sm text-slate-400">
            {participants.length} {participants.length === 1 ? "person" : "people"} in the call
          </p>
          <LayoutToggle />
        </div>
      </header>
      <RouteNote />
      <RecordingNotice />
      <KnockAlert />
      <CallNotice />
      <ScreenShareBanner />
      <div className="flex min-h-0 flex-1 gap-4">
        <Stage />
        {sidePanel === "chat" && <ChatPanel />}
        {sidePanel === "participants" && <ParticipantsPanel />}
        {sidePanel === "files" && <FilesPanel />}
        {sidePanel === "settings" && <SettingsPanel />}
      </div>
      <div className="relative">
        <div className="absolute bottom-full left-0 mb-2">
          <ReactionStack />
        </div>
        <CallControls onShowShortcuts={() => setShortcutsOpen(true)} />
      </div>
      {shortcutsOpen && <ShortcutsDialog onClose={closeShortcuts} />}
      <RemoteAudio />
      <Announcer />
    </main>
  );
}
