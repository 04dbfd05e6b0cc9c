import { describe, expect, it } from "vitest";
import { constraintsFor, describeSwitchProblem, listDevices } from "@/lib/rtc/devices";

const device = (kind: MediaDeviceKind, deviceId: string, label = "") =>
  ({ kind, deviceId, label, groupId: "", toJSON: () => ({}) }) as MediaDeviceInfo;

describe("listDevices", () => {
  it("groups devices by kind, names the ones the browser keeps unnamed, and drops those without an id", async () => {
    const mediaDevices = {
      enumerateDevices: async () => [
        device("videoinput", "c1", "Front camera"),
        device("videoinput", "c2"),
        device("audioinput", "m1", "Headset"),
        device("audiooutput", "s1"),
        device("audioinput", ""),
      ],
    } as unknown as MediaDevices;
    expect(await listDevices(mediaDevices)).toEqual({
      cameras: [
        { id: "c1", label: "Front camera" },
        { id: "c2", label: "Camera 2" },
      ],
      microphones: [{ id: "m1", label: "Headset" }],
      speakers: [{ id: "s1", label: "Speaker 1" }],
    });
  });

  it("lists nothing where the browser cannot enumerate devices", async () => {
    expect(await listDevices(undefined)).toEqual({ cameras: [], microphones: [], speakers: [] });
  });
});

describe("constraintsFor", () => {
  it("asks for exactly the chosen device, keeping the call's video size, or for the default", () => {
    expect(constraintsFor("video", "c2")).toMatchObject({ deviceId: { exact: "c2" }, width: { ideal: 640 } });
    expect(constraintsFor("audio", "m1")).toEqual({ deviceId: { exact: "m1" } });
    expect(constraintsFor("audio", null)).toBe(true);
    expect(constraintsFor("video", null)).not.toHaveProperty("deviceId");
  });
});

describe("describeSwitchProblem", () => {
  it("names the device and says the current one carries on", () => {
    expect(describeSwitchProblem("audio", "USB mic")).toBe(
      'Couldn\'t switch to the microphone "USB mic". It may be in use by another app or unplugged. Your current microphone is still on.',
    );
  });
});
