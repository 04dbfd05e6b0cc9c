"use client";
import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useRoomActions, useRoomStore, useRoomStoreApi } from "@/lib/hooks/room-context";
import { useCallShortcuts } from "@/lib/hooks/useCallShortcuts";
import { useLocalMedia } from "@/lib/hooks/useLocalMedia";
import { CallControls } from "./CallControls";
import { CallNotice } from "./CallNotice";
import { RouteNote } from "./RouteNote";
import { ChatPanel } from "./ChatPanel";
import { ParticipantsPanel } from "./ParticipantsPanel";
import { ShortcutsDialog } from "./ShortcutsDialog";
import { FilesPanel } from "./FilesPanel";
import { SettingsPanel } from "./SettingsPanel";
import { ScreenShareBanner } from "./ScreenShareBanner";
import { useFileDrop } from "./useFileDrop";
import { useCallTiles } from "./useCallTiles";

/** Columns for a grid of n tiles: as square as the screen allows, two on a phone once there are many. */
function gridColumns(count: number): string {
  if (count <= 1) return "grid-cols-1";
  if (count <= 4) return "grid-cols-1 sm:grid-cols-2";
  if (count <= 9) return "grid-cols-2 lg:grid-cols-3";
  if (count <= 16) return "grid-cols-2 md:grid-cols-3 lg:grid-cols-4";
  return "grid-cols-3 md:grid-cols-4 lg:grid-cols-5";
}

export function CallView() {
  const roomId = useRoomStore((state) => state.roomId);
  const participants = useRoomStore((state) => state.participants);
  const { toggleAudio, toggleVideo } = useLocalMedia();
  const sidePanel = useRoomStore((state) => state.sidePanel);
  const { setSidePanel } = useRoomActions();
  const storeApi = useRoomStoreApi();
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const closeShortcuts = useCallback(() => setShortcutsOpen(false), []);
  const shortcutActions = useMemo(
    () => ({
      toggleMicrophone: toggleAudio,
      toggleCamera: toggleVideo,
      toggleChat: () => setSidePanel(storeApi.getState().sidePanel === "chat" ? null : "chat"),
      showShortcuts: () => setShortcutsOpen(true),
    }),
    [toggleAudio, toggleVideo, setSidePanel, storeApi],
  );
  useCallShortcuts(shortcutActions);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const { tiles, spotlight } = useCallTiles();
  const { dropHint, dropHandlers } = useFileDrop();

  return (
    <main className="flex h-dvh flex-col gap-4 p-4">
      <header className="flex items-center justify-between">
        {/* Focus lands here on joining, so keyboard and screen-reader users know where they are. */}
        <h1 ref={headingRef} tabIndex={-1} className="text-lg font-semibold">
          Parley <span className="font-mono text-slate-400">{roomId}</span>
        </h1>
        <p aria-live="polite" className="text-sm text-slate-400">
          {participants.length} {participants.length === 1 ? "person" : "people"} in the call
        </p>
      </header>
      <RouteNote />
      <CallNotice />
      <ScreenShareBanner />
      <div className="flex min-h-0 flex-1 gap-4">
        <section
          aria-label="Participants' video"
          {...dropHandlers}
          className={
            spotlight
              ? "relative mx-auto flex w-full max-w-6xl flex-1 flex-col gap-3"
              : `relative mx-auto grid w-full max-w-6xl flex-1 auto-rows-fr gap-3 overflow-y-auto ${gridColumns(tiles.length)}`
          }
        >
          {spotlight ? (
            <>
              <div className="min-h-0 flex-1">{spotlight.node}</div>
              <div className="flex h-40 shrink-0 gap-3 overflow-x-auto">
                {tiles
                  .filter((tile) => tile !== spotlight)
                  .map((tile) => (
                    <div key={tile.id} className="h-full w-64 shrink-0">
                      {tile.node}
                    </div>
                  ))}
              </div>
            </>
          ) : (
            tiles.map((tile) => <Fragment key={tile.id}>{tile.node}</Fragment>)
          )}
          {dropHint && (
            <p
              role="status"
              className="pointer-events-none absolute inset-0 z-10 flex items-center justify-center rounded-2xl border-4 border-dashed border-sky-400 bg-slate-950/80 text-lg font-medium"
            >
              {dropHint}
            </p>
          )}
        </section>
        {sidePanel === "chat" && <ChatPanel />}
        {sidePanel === "participants" && <ParticipantsPanel />}
        {sidePanel === "files" && <FilesPanel />}
        {sidePanel === "settings" && <SettingsPanel />}
      </div>
      <CallControls onShowShortcuts={() => setShortcutsOpen(true)} />
      {shortcutsOpen && <ShortcutsDialog onClose={closeShortcuts} />}
    </main>
  );
}
