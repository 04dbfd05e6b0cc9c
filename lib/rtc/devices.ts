/** Which cameras, microphones and speakers this computer has, and how to ask for a particular one. */
import { VIDEO_CONSTRAINTS } from "./local-media";

export type MediaKind = "audio" | "video";

export interface DeviceOption {
  id: string;
  label: string;
}

export interface DeviceLists {
  microphones: DeviceOption[];
  cameras: DeviceOption[];
  speakers: DeviceOption[];
}

export const NO_DEVICES: DeviceLists = { microphones: [], cameras: [], speakers: [] };

const GENERIC_LABEL: Record<MediaDeviceKind, string> = {
  audioinput: "Microphone",
  videoinput: "Camera",
  audiooutput: "Speaker",
};

/**
 * The devices, grouped by kind. Until the person allows the camera or microphone, browsers hide the
 * labels (and sometimes the ids): such entries get a generic, numbered name, or are left out.
 */
export async function listDevices(devices: MediaDevices | undefined): Promise<DeviceLists> {
  if (!devices?.enumerateDevices) return NO_DEVICES;
  const all = await devices.enumerateDevices();
  const of = (kind: MediaDeviceKind) =>
    all
      .filter((device) => device.kind === kind && device.deviceId)
      .map((device, index) => ({
        id: device.deviceId,
        label: device.label || `${GENERIC_LABEL[kind]} ${index + 1}`,
      }));
  return { microphones: of("audioinput"), cameras: of("videoinput"), speakers: of("audiooutput") };
}

/** Constraints for one device of a kind; null asks for the system's default. */
export function constraintsFor(kind: MediaKind, deviceId: string | null): MediaTrackConstraints | boolean {
  const base = kind === "video" ? VIDEO_CONSTRAINTS : {};
  if (!deviceId) return kind === "video" ? base : true;
  return { ...base, deviceId: { exact: deviceId } };
}

/** The device a live track comes from, where the browser says. */
export function deviceOf(track: MediaStreamTrack | undefined): string | null {
  return track?.getSettings?.().deviceId ?? null;
}

export const canChooseSpeaker = () =>
  typeof HTMLMediaElement !== "undefined" && "setSinkId" in HTMLMediaElement.prototype;

/** A sentence for a device that would not start when chosen; the one in use carries on. */
export function describeSwitchProblem(kind: MediaKind, label: string): string {
  const device = kind === "video" ? "camera" : "microphone";
  return `Couldn't switch to the ${device} "${label}". It may be in use by another app or unplugged. Your current ${device} is still on.`;
}
