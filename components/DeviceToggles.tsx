"use client";
import { useLocalMedia } from "@/lib/hooks/useLocalMedia";
import type { DeviceState } from "@/lib/store/room-store";
import { CameraIcon, MicrophoneIcon } from "./icons";

export function DeviceToggles() {
  const { audio, video, toggleAudio, toggleVideo } = useLocalMedia();
  return (
    <>
      <DeviceToggle label="Microphone" device={audio} onToggle={toggleAudio} Icon={MicrophoneIcon} />
      <DeviceToggle label="Camera" device={video} onToggle={toggleVideo} Icon={CameraIcon} />
    </>
  );
}

interface DeviceToggleProps {
  label: string;
  device: DeviceState;
  onToggle: () => void;
  Icon: typeof MicrophoneIcon;
}

function DeviceToggle({ label, device, onToggle, Icon }: DeviceToggleProps) {
  const on = device.available && device.enabled;
  const hint = !device.available
    ? `${label} unavailable`
    : on
      ? `Turn off ${label.toLowerCase()}`
      : `Turn on ${label.toLowerCase()}`;
  return (
    <button
      type="button"
      aria-label={label}
      aria-pressed={on}
      title={hint}
      disabled={!device.available}
      onClick={onToggle}
      className={`flex h-12 w-12 items-center justify-center rounded-full border transition-colors disabled:opacity-50 ${
        on
          ? "border-slate-500 bg-slate-800 hover:bg-slate-700"
          : "border-rose-500 bg-rose-600 hover:bg-rose-500"
      }`}
    >
      <Icon off={!on} />
    </button>
  );
}
