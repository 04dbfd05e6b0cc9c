"use client";
import { useRoomActions, useRoomStore } from "@/lib/hooks/room-context";
import { DeviceSettings } from "./DeviceSettings";
import { SidePanel } from "./SidePanel";

export function SettingsPanel() {
  const showStats = useRoomStore((state) => state.showStats);
  const { setShowStats } = useRoomActions();
  return (
    <SidePanel label="Settings" title="Settings" closeLabel="Close settings">
      <div className="space-y-4 p-3">
        <DeviceSettings />
        <button
          type="button"
          aria-pressed={showStats}
          onClick={() => setShowStats(!showStats)}
          className="w-full rounded-full border border-slate-500 py-2 hover:bg-slate-700 aria-pressed:border-sky-400 aria-pressed:bg-sky-800"
        >
          Connection stats
        </button>
        <p className="text-xs text-slate-400">
          Round-trip time, loss, frame rate, bitrate, codec and path on each person&apos;s tile.
        </p>
      </div>
    </SidePanel>
  );
}
