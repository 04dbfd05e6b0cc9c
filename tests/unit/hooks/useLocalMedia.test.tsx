// @vitest-environment jsdom
import { act, cleanup, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RoomProvider } from "@/lib/hooks/room-context";
import { useAcquireLocalMedia, useLocalMedia } from "@/lib/hooks/useLocalMedia";
import FakePartySocket from "../components/fake-party-socket";
import {
  asMediaStream,
  deferredGetUserMedia,
  fakeStream,
  installFakeMedia,
  mediaError,
  restoreMediaDevices,
  type GetUserMedia,
} from "../components/fake-media";

vi.mock("partysocket", () => import("../components/fake-party-socket"));

afterEach(() => {
  cleanup();
  FakePartySocket.reset();
  vi.unstubAllGlobals();
  restoreMediaDevices();
});

function Meeting({ children }: { children: ReactNode }) {
  return (
    <RoomProvider roomId="k7fq-2m9x-p4tz-8hwn" partyHost="party.test">
      {children}
    </RoomProvider>
  );
}

/** What a meeting page does: ask for the devices once, and read them back with their toggles. */
function renderMedia() {
  const statuses: string[] = [];
  const rendered = renderHook(
    () => {
      useAcquireLocalMedia();
      const media = useLocalMedia();
      if (statuses.at(-1) !== media.status) statuses.push(media.status);
      return media;
    },
    { wrapper: Meeting },
  );
  return { ...rendered, statuses };
}

describe("useLocalMedia", () => {
  it("goes from requesting to ready with the granted stream, both devices on", async () => {
    const media = deferredGetUserMedia();
    installFakeMedia(media.getUserMedia);
    const stream = fakeStream("audio", "video");
    const { result, statuses } = renderMedia();
    expect(result.current.status).toBe("requesting");

    act(() => media.resolve(stream));

    await waitFor(() => expect(result.current.status).toBe("ready"));
    expect(statuses).toEqual(["idle", "requesting", "ready"]);
    expect(result.current.stream).toBe(asMediaStream(stream));
    expect(result.current.audio).toEqual({ available: true, enabled: true, problem: null });
    expect(result.current.video).toEqual({ available: true, enabled: true, problem: null });
    expect(media.getUserMedia).toHaveBeenCalledTimes(1);
  });

  it("toggles flip the track and the state the toggles show", async () => {
    const media = deferredGetUserMedia();
    installFakeMedia(media.getUserMedia);
    const stream = fakeStream("audio", "video");
    const [audioTrack] = stream.getAudioTracks();
    const [videoTrack] = stream.getVideoTracks();
    const { result } = renderMedia();
    act(() => media.resolve(stream));
    await waitFor(() => expect(result.current.status).toBe("ready"));

    act(() => result.current.toggleVideo());
    expect(videoTrack?.enabled).toBe(false);
    expect(result.current.video.enabled).toBe(false);
    expect(audioTrack?.enabled).toBe(true);
    expect(result.current.audio.enabled).toBe(true);

    act(() => result.current.toggleAudio());
    act(() => result.current.toggleVideo());
    expect(audioTrack?.enabled).toBe(false);
    expect(result.current.audio.enabled).toBe(false);
    expect(videoTrack?.enabled).toBe(true);
    expect(result.current.video.enabled).toBe(true);
  });

  it("stops tracks that arrive after the page has gone, so no camera light is left on", async () => {
    const media = deferredGetUserMedia();
    installFakeMedia(media.getUserMedia);
    const late = fakeStream("audio", "video");
    const { unmount } = renderMedia();

    unmount();
    media.resolve(late);

    await waitFor(() =>
      expect(late.getTracks().map((track) => track.readyState)).toEqual(["ended", "ended"]),
    );
  });

  it("stops the tracks when the page closes after they arrived", async () => {
    const media = deferredGetUserMedia();
    installFakeMedia(media.getUserMedia);
    const stream = fakeStream("audio", "video");
    const { result, unmount } = renderMedia();
    act(() => media.resolve(stream));
    await waitFor(() => expect(result.current.status).toBe("ready"));

    unmount();

    expect(stream.getTracks().map((track) => track.readyState)).toEqual(["ended", "ended"]);
  });

  it("leaves a device that isn't available alone when toggled", async () => {
    const audioOnly = fakeStream("audio");
    installFakeMedia(
      vi.fn<GetUserMedia>(async (constraints) => {
        if (constraints?.video) throw mediaError("NotFoundError");
        return asMediaStream(audioOnly);
      }),
    );
    const { result } = renderMedia();
    await waitFor(() => expect(result.current.status).toBe("ready"));

    act(() => result.current.toggleVideo());

    expect(result.current.video).toEqual({ available: false, enabled: false, problem: "missing" });
    expect(audioOnly.getAudioTracks()[0]?.enabled).toBe(true);
    expect(result.current.audio.enabled).toBe(true);
  });

  it("ignores toggles while the devices are still being asked for", () => {
    installFakeMedia(deferredGetUserMedia().getUserMedia);
    const { result } = renderMedia();

    act(() => result.current.toggleAudio());

    expect(result.current.audio).toEqual({ available: false, enabled: false, problem: null });
  });

  it("is ready with no stream and says why when the browser offers no devices", async () => {
    const { result } = renderMedia();

    await waitFor(() => expect(result.current.status).toBe("ready"));
    expect(result.current.stream).toBeNull();
    expect(result.current.audio.problem).toBe("insecure");
    expect(result.current.video.problem).toBe("insecure");
  });
});
