"use client";
import { useId } from "react";
import { useRoomSession, useRoomStore } from "@/lib/hooks/room-context";
import { useBrowserSupports } from "@/lib/hooks/useBrowserSupports";
import { canChooseSpeaker, type DeviceOption, type MediaKind } from "@/lib/rtc/devices";

/** Camera, microphone and speaker pickers, for the pre-join screen and the call's settings. */
export function DeviceSettings() {
  const session = useRoomSession();
  const devices = useRoomStore((state) => state.devices);
  const inputs = useRoomStore((state) => state.inputs);
  const speakerId = useRoomStore((state) => state.speakerId);
  const speakerChoice = useBrowserSupports(canChooseSpeaker);
  const inUse = (kind: MediaKind) => inputs[kind] ?? "";

  return (
    <div className="grid gap-3">
      <DevicePicker
        label="Camera"
        options={devices.cameras}
        value={inUse("video")}
        onChange={(id) => void session.localMedia.switchDevice("video", id)}
      />
      <DevicePicker
        label="Microphone"
        options={devices.microphones}
        value={inUse("audio")}
        onChange={(id) => void session.localMedia.switchDevice("audio", id)}
      />
      {speakerChoice && (
        <DevicePicker
          label="Speaker"
          options={devices.speakers}
          value={speakerId ?? ""}
          onChange={(id) => session.localMedia.chooseSpeaker(id || null)}
        />
      )}
    </div>
  );
}

interface DevicePickerProps {
  label: string;
  options: DeviceOption[];
  value: string;
  onChange: (id: string) => void;
}

function DevicePicker({ label, options, value, onChange }: DevicePickerProps) {
  const id = useId();
  const known = options.some((option) => option.id === value);
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm text-slate-300">
        {label}
      </label>
      <select
        id={id}
        value={known ? value : ""}
        disabled={options.length === 0}
        onChange={(event) => onChange(event.target.value)}
        className="w-full rounded-lg border border-slate-600 bg-slate-950 px-2 py-1.5 disabled:opacity-60"
      >
        {!known && (
          <option value="">{options.length === 0 ? `No ${label.toLowerCase()} found` : "Default"}</option>
        )}
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
