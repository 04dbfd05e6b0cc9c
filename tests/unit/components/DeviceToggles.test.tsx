// @vitest-environment jsdom
import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  asMediaStream,
  fakeStream,
  grantingGetUserMedia,
  installFakeMedia,
  mediaError,
  type GetUserMedia,
} from "./fake-media";
import { renderRoom, resetRoomTest } from "./room-harness";

vi.mock("partysocket", () => import("./fake-party-socket"));

afterEach(resetRoomTest);

const microphone = () => screen.getByRole("button", { name: "Microphone" });
const camera = () => screen.getByRole("button", { name: "Camera" });
const pressed = (button: HTMLElement) => button.getAttribute("aria-pressed");

/** Camera and microphone together fail; each alone gets the answer given for it. */
function answeringEachDevice(answers: { audio: Error | "grant"; video: Error | "grant" }): GetUserMedia {
  return vi.fn<GetUserMedia>(async (constraints) => {
    if (constraints?.audio && constraints.video) throw mediaError("NotAllowedError");
    const kind = constraints?.audio ? "audio" : "video";
    const answer = answers[kind];
    if (answer !== "grant") throw answer;
    return asMediaStream(fakeStream(kind));
  });
}

async function mediaSettled() {
  await waitFor(() => expect(screen.queryByRole("status")).toBeNull());
}

describe("DeviceToggles", () => {
  it("shows both devices switched on once the camera and microphone are granted", async () => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    renderRoom();

    await waitFor(() => expect(pressed(camera())).toBe("true"));
    expect(pressed(microphone())).toBe("true");
    expect(camera()).toHaveProperty("disabled", false);
    expect(microphone()).toHaveProperty("disabled", false);
  });

  it("is disabled while the camera and microphone are still being asked for", () => {
    installFakeMedia(vi.fn<GetUserMedia>(() => new Promise<MediaStream>(() => {})));
    renderRoom();

    expect(screen.getByRole("status").textContent).toBe("Starting your camera...");
    expect(microphone()).toHaveProperty("disabled", true);
    expect(camera()).toHaveProperty("disabled", true);
  });

  it("mutes and unmutes the microphone track, and only that track", async () => {
    const media = grantingGetUserMedia();
    installFakeMedia(media.getUserMedia);
    const { user } = renderRoom();
    await waitFor(() => expect(pressed(microphone())).toBe("true"));
    const stream = media.granted[0];
    const [audioTrack] = stream?.getAudioTracks() ?? [];
    const [videoTrack] = stream?.getVideoTracks() ?? [];

    await user.click(microphone());
    expect(pressed(microphone())).toBe("false");
    expect(audioTrack?.enabled).toBe(false);
    expect(videoTrack?.enabled).toBe(true);

    await user.click(microphone());
    expect(pressed(microphone())).toBe("true");
    expect(audioTrack?.enabled).toBe(true);
  });

  it("turns the camera track off and on", async () => {
    const media = grantingGetUserMedia();
    installFakeMedia(media.getUserMedia);
    const { user } = renderRoom();
    await waitFor(() => expect(pressed(camera())).toBe("true"));
    const [videoTrack] = media.granted[0]?.getVideoTracks() ?? [];

    await user.click(camera());
    expect(pressed(camera())).toBe("false");
    expect(videoTrack?.enabled).toBe(false);

    await user.click(camera());
    expect(pressed(camera())).toBe("true");
    expect(videoTrack?.enabled).toBe(true);
  });

  it("disables the toggle of a device that isn't there", async () => {
    installFakeMedia(answeringEachDevice({ audio: "grant", video: mediaError("NotFoundError") }));
    renderRoom();
    await mediaSettled();

    expect(camera()).toHaveProperty("disabled", true);
    expect(pressed(camera())).toBe("false");
    expect(microphone()).toHaveProperty("disabled", false);
  });
});

describe("Room pre-join: camera or microphone problems", () => {
  it("explains a blocked camera, disables Camera and keeps the microphone on", async () => {
    installFakeMedia(answeringEachDevice({ audio: "grant", video: mediaError("NotAllowedError") }));
    renderRoom();
    await mediaSettled();

    expect(screen.getByRole("alert").textContent).toBe(
      "Your camera is blocked. Allow access in your browser's site settings, then reload. " +
        "You can join with audio only.",
    );
    expect(camera()).toHaveProperty("disabled", true);
    expect(pressed(microphone())).toBe("true");
  });

  it("says the page is not secure when the browser offers no camera access at all", async () => {
    renderRoom();
    await mediaSettled();

    expect(screen.getByRole("alert").textContent).toContain("isn't on a secure (https) connection");
    expect(camera()).toHaveProperty("disabled", true);
    expect(microphone()).toHaveProperty("disabled", true);
  });
});
