"use client";
import { useLocalMedia } from "@/lib/hooks/useLocalMedia";
import type { DeviceState } from "@/lib/store/room-store";
import { IconButton } from "./Button";
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
    <IconButton
      label={label}
      pressed={on}
      tone={on ? "neutral" : "off"}
      title={hint}
      disabled={!device.available}
      onClick={onToggle}
    >
      <Icon off={!on} />
    </IconButton>
  );
}
