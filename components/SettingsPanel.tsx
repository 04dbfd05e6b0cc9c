"use client";
import { useRoomActions, useRoomSession, useRoomStore } from "@/lib/hooks/room-context";
import { BackgroundPicker } from "./BackgroundPicker";
import { DeviceSettings } from "./DeviceSettings";
import { SidePanel } from "./SidePanel";

export function SettingsPanel() {
  const showStats = useRoomStore((state) => state.showStats);
  const { setShowStats } = useRoomActions();
  const { localMedia } = useRoomSession();
  const noiseSuppression = useRoomStore((state) => state.noiseSuppression);
  return (
    <SidePanel label="Settings" title="Settings" closeLabel="Close settings">
      {/* Scrolls within the panel: on a short window it ran over the call's controls. */}
      <div className="flex-1 space-y-4 overflow-y-auto p-3">
        <DeviceSettings />
        <BackgroundPicker />
        <SettingToggle
          label="Noise suppression"
          on={noiseSuppression}
          onChange={(on) => localMedia.setNoiseSuppression(on)}
          hint="Takes keyboard clicks, fans and voices in the background out of your microphone, on this device."
        />
        <SettingToggle
          label="Connection stats"
          on={showStats}
          onChange={setShowStats}
          hint="Round-trip time, loss, frame rate, bitrate, codec and path on each person's tile."
        />
      </div>
    </SidePanel>
  );
}

function SettingToggle({
  label,
  on,
  onChange,
  hint,
}: {
  label: string;
  on: boolean;
  onChange: (on: boolean) => void;
  hint: string;
}) {
  return (
    <div className="space-y-1">
      <button
        type="button"
        aria-pressed={on}
        onClick={() => onChange(!on)}
        className="w-full rounded-full border border-slate-500 py-2 hover:bg-slate-700 aria-pressed:border-sky-400 aria-pressed:bg-sky-800"
      >
        {label}
      </button>
      <p className="text-xs text-slate-400">{hint}</p>
    </div>
  );
}
