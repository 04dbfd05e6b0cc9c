// @vitest-environment jsdom
import { act, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  grantingGetUserMedia,
  installFakeMedia,
  mediaError,
  type FakeDevice,
  type FakeMediaStream,
} from "./fake-media";
import { joinAs, joinButton, participant, renderRoom, resetRoomTest, roster } from "./room-harness";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));
vi.mock("partysocket", () => import("./fake-party-socket"));

afterEach(resetRoomTest);

const DEVICES: FakeDevice[] = [
  { deviceId: "default-video", kind: "videoinput", label: "Front camera" },
  { deviceId: "cam-back", kind: "videoinput", label: "Back camera" },
  { deviceId: "default-audio", kind: "audioinput", label: "Built-in microphone" },
  { deviceId: "mic-usb", kind: "audioinput", label: "USB microphone" },
];

const picker = (name: string) => screen.getByRole<HTMLSelectElement>("combobox", { name });
const chosen = (name: string) => picker(name).selectedOptions[0]?.textContent;
const optionsOf = (name: string) => Array.from(picker(name).options).map((option) => option.textContent);
const liveVideoDevice = (streams: FakeMediaStream[]) =>
  streams.flatMap((s) => s.getVideoTracks()).find((track) => track.readyState === "live")?.deviceId;

/** The pre-join screen with camera and microphone granted and the given devices plugged in. */
async function preJoinWith(devices: FakeDevice[]) {
  const media = grantingGetUserMedia();
  const mediaDevices = installFakeMedia(media.getUserMedia, { devices });
  const room = renderRoom();
  room.server.open();
  room.server.send(roster([]));
  await waitFor(() => expect(joinButton()).toHaveProperty("disabled", false));
  await waitFor(() => expect(optionsOf("Camera")).toEqual(["Front camera", "Back camera"]));
  return { ...room, media, mediaDevices };
}

describe("choosing a camera and microphone", () => {
  it("lists the devices on the pre-join screen and switches the preview to the one chosen", async () => {
    const { user, media } = await preJoinWith(DEVICES);
    expect(chosen("Camera")).toBe("Front camera");
    expect(optionsOf("Microphone")).toEqual(["Built-in microphone", "USB microphone"]);

    await user.selectOptions(picker("Camera"), "Back camera");
    await waitFor(() => expect(chosen("Camera")).toBe("Back camera"));
    expect(media.getUserMedia).toHaveBeenLastCalledWith({
      video: expect.objectContaining({ deviceId: { exact: "cam-back" } }),
    });
    // Only the new camera is running; the old one was let go.
    expect(liveVideoDevice(media.granted)).toBe("cam-back");
    expect(
      media.granted.flatMap((s) => s.getVideoTracks()).filter((t) => t.readyState === "live"),
    ).toHaveLength(1);
  });

  it("keeps a camera that was turned off turned off on the new device", async () => {
    const { user, media } = await preJoinWith(DEVICES);
    await user.click(screen.getByRole("button", { name: "Camera" }));
    await user.selectOptions(picker("Camera"), "Back camera");
    await waitFor(() => expect(chosen("Camera")).toBe("Back camera"));
    const newTrack = media.granted.at(-1)?.getVideoTracks()[0];
    expect(newTrack?.enabled).toBe(false);
    expect(screen.getByRole("button", { name: "Camera" }).getAttribute("aria-pressed")).toBe("false");
  });

  it("says so when the chosen camera will not start, and keeps the current one", async () => {
    const { user, media } = await preJoinWith(DEVICES);
    media.getUserMedia.mockRejectedValueOnce(mediaError("NotReadableError"));
    await user.selectOptions(picker("Camera"), "Back camera");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain('Couldn\'t switch to the camera "Back camera"');
    expect(chosen("Camera")).toBe("Front camera");
    expect(liveVideoDevice(media.granted)).toBe("default-video");
  });

  it("updates the lists when a device is plugged in, and falls back to the default when one is unplugged", async () => {
    const devices = [...DEVICES];
    const { user, media, mediaDevices } = await preJoinWith(devices);
    devices.push({ deviceId: "cam-usb", kind: "videoinput", label: "USB camera" });
    act(() => void mediaDevices.dispatchEvent(new Event("devicechange")));
    await waitFor(() => expect(optionsOf("Camera")).toEqual(["Front camera", "Back camera", "USB camera"]));

    await user.selectOptions(picker("Camera"), "USB camera");
    await waitFor(() => expect(chosen("Camera")).toBe("USB camera"));
    devices.pop();
    media.granted.at(-1)?.getVideoTracks()[0]?.stop();
    act(() => void mediaDevices.dispatchEvent(new Event("devicechange")));
    await waitFor(() => expect(liveVideoDevice(media.granted)).toBe("default-video"));
    expect(media.getUserMedia).toHaveBeenLastCalledWith({
      video: expect.not.objectContaining({ deviceId: expect.anything() }),
    });
    expect(optionsOf("Camera")).toEqual(["Front camera", "Back camera"]);
  });
});

describe("choosing a speaker", () => {
  it("is offered only where the browser can route audio, and plays others through the one chosen", async () => {
    const sinks = new WeakMap<HTMLMediaElement, string>();
    const setSinkId = vi.fn(async function (this: HTMLMediaElement, id: string) {
      sinks.set(this, id);
    });
    Object.defineProperty(HTMLMediaElement.prototype, "setSinkId", { value: setSinkId, configurable: true });
    Object.defineProperty(HTMLMediaElement.prototype, "sinkId", {
      get(this: HTMLMediaElement) {
        return sinks.get(this) ?? "";
      },
      configurable: true,
    });
    try {
      const ada = participant("p0", "Ada", 0);
      const room = await joinAs(ada, [ada, participant("p1", "Linus", 1)], undefined, {
        devices: [...DEVICES, { deviceId: "spk-2", kind: "audiooutput", label: "Headphones" }],
      });
      await room.user.click(screen.getByRole("button", { name: "Settings" }));
      await waitFor(() => expect(optionsOf("Speaker")).toEqual(["Default", "Headphones"]));
      // A voice plays through the default output from the start: nothing to ask for.
      expect(document.querySelector("[data-voice-of='p1']")).not.toBeNull();
      expect(setSinkId).not.toHaveBeenCalled();
      await room.user.selectOptions(picker("Speaker"), "Headphones");
      await waitFor(() => expect(setSinkId).toHaveBeenLastCalledWith("spk-2"));
      // Called on the other person's voice, never on anything of our own.
      const calledOn = setSinkId.mock.contexts as HTMLMediaElement[];
      expect(calledOn.length).toBeGreaterThan(0);
      expect(calledOn.every((element) => element.dataset.voiceOf === "p1")).toBe(true);
    } finally {
      Reflect.deleteProperty(HTMLMediaElement.prototype, "setSinkId");
      Reflect.deleteProperty(HTMLMediaElement.prototype, "sinkId");
    }
  });

  it("is not offered where the browser cannot choose an output", async () => {
    await preJoinWith(DEVICES);
    expect(screen.queryByRole("combobox", { name: "Speaker" })).toBeNull();
  });
});
