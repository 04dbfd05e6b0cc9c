import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { acquireLocalMedia, classifyMediaError, describeMediaProblems } from "@/lib/rtc/local-media";

describe("classifyMediaError", () => {
  it.each([
    ["NotAllowedError", "blocked"],
    ["SecurityError", "blocked"],
    ["NotFoundError", "missing"],
    ["OverconstrainedError", "missing"],
    ["NotReadableError", "busy"],
    ["AbortError", "busy"],
    ["InvalidStateError", "failed"],
  ])("reads a DOMException named %s as %s", (name, problem) => {
    expect(classifyMediaError(new DOMException("no", name))).toBe(problem);
  });

  it("reads the name of a plain Error too", () => {
    expect(classifyMediaError(Object.assign(new Error("no"), { name: "NotFoundError" }))).toBe("missing");
  });

  it.each([
    ["a TypeError", new TypeError("bad constraints")],
    ["a string", "NotAllowedError"],
    ["an object that only looks like an error", { name: "NotAllowedError" }],
    ["undefined", undefined],
  ])("reads %s as failed", (_label, error) => {
    expect(classifyMediaError(error)).toBe("failed");
  });
});

describe("describeMediaProblems", () => {
  it("says nothing when both devices work", () => {
    expect(describeMediaProblems(null, null)).toBeNull();
  });

  it("explains a blocked camera and offers audio only", () => {
    expect(describeMediaProblems(null, "blocked")).toBe(
      "Your camera is blocked. Allow access in your browser's site settings, then reload. " +
        "You can join with audio only.",
    );
  });

  it("explains a missing microphone and warns that others won't hear", () => {
    expect(describeMediaProblems("missing", null)).toBe(
      "No microphone was found on this device. You can join with video only; others won't hear you.",
    );
  });

  it("says neither device was found when both are missing", () => {
    expect(describeMediaProblems("missing", "missing")).toBe(
      "No camera or microphone was found on this device. You can still join to watch and listen.",
    );
  });

  it("says the same problem with both devices in one sentence", () => {
    expect(describeMediaProblems("blocked", "blocked")).toBe(
      "Your camera and microphone are blocked. Allow access in your browser's site settings, then reload. " +
        "You can still join to watch and listen.",
    );
  });

  it("names each device when they fail differently, camera first", () => {
    expect(describeMediaProblems("busy", "missing")).toBe(
      "No camera was found on this device. Your microphone is in use by another app, or couldn't start. " +
        "You can still join to watch and listen.",
    );
  });

  it.each([
    ["insecure", "insecure"],
    ["insecure", null],
    [null, "insecure"],
  ] as const)("explains an insecure page (audio %s, video %s)", (audio, video) => {
    const text = describeMediaProblems(audio, video);
    expect(text).toContain("isn't on a secure (https) connection");
    expect(text).toContain("You can still join to watch and listen.");
  });
});

/** Stands in for the browser's MediaStream, which Node does not have. */
class FakeMediaStream {
  constructor(private readonly tracks: MediaStreamTrack[] = []) {}
  getTracks(): MediaStreamTrack[] {
    return [...this.tracks];
  }
}

const fakeTrack = (kind: "audio" | "video") => ({ kind, stop: vi.fn() }) as unknown as MediaStreamTrack;

type Outcome = "ok" | string;

/** getUserMedia that grants or refuses each device as told; a request for both fails if either does. */
function fakeDevices({ audio, video, both }: { audio: Outcome; video: Outcome; both?: Outcome }) {
  const tracks = { audio: fakeTrack("audio"), video: fakeTrack("video") };
  const getUserMedia = vi.fn(async (constraints?: MediaStreamConstraints) => {
    const kinds = (["audio", "video"] as const).filter((kind) => constraints?.[kind]);
    const outcomes = kinds.length === 2 && both ? [both] : kinds.map((kind) => ({ audio, video })[kind]);
    const refusal = outcomes.find((outcome) => outcome !== "ok");
    if (refusal) throw new DOMException("refused", refusal);
    return new FakeMediaStream(kinds.map((kind) => tracks[kind])) as unknown as MediaStream;
  });
  return { devices: { getUserMedia } as unknown as MediaDevices, getUserMedia, tracks };
}

describe("acquireLocalMedia", () => {
  beforeEach(() => {
    vi.stubGlobal("MediaStream", FakeMediaStream);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("reports an insecure page when the browser offers no media devices", async () => {
    const insecure = { stream: null, audioProblem: "insecure", videoProblem: "insecure" };
    expect(await acquireLocalMedia(undefined)).toEqual(insecure);
    expect(await acquireLocalMedia({} as MediaDevices)).toEqual(insecure);
  });

  it("asks for camera and microphone together and returns that stream when both work", async () => {
    const { devices, getUserMedia } = fakeDevices({ audio: "ok", video: "ok" });
    const media = await acquireLocalMedia(devices);
    expect(getUserMedia).toHaveBeenCalledTimes(1);
    expect(getUserMedia).toHaveBeenCalledWith({ audio: true, video: expect.any(Object) });
    expect(media.audioProblem).toBeNull();
    expect(media.videoProblem).toBeNull();
    expect(media.stream?.getTracks().map((t) => t.kind)).toEqual(["audio", "video"]);
  });

  it("keeps the microphone when only the camera is blocked", async () => {
    const { devices, getUserMedia, tracks } = fakeDevices({ audio: "ok", video: "NotAllowedError" });
    const media = await acquireLocalMedia(devices);
    expect(media.stream).toBeInstanceOf(FakeMediaStream);
    expect(media.stream?.getTracks()).toEqual([tracks.audio]);
    expect(media.audioProblem).toBeNull();
    expect(media.videoProblem).toBe("blocked");
    expect(getUserMedia.mock.calls.map(([constraints]) => Object.keys(constraints ?? {}))).toEqual([
      ["audio", "video"],
      ["audio"],
      ["video"],
    ]);
  });

  it("keeps the camera when the microphone is missing", async () => {
    const { devices, tracks } = fakeDevices({ audio: "NotFoundError", video: "ok" });
    const media = await acquireLocalMedia(devices);
    expect(media.stream?.getTracks()).toEqual([tracks.video]);
    expect(media).toMatchObject({ audioProblem: "missing", videoProblem: null });
  });

  it("returns no stream and both problems when neither device works", async () => {
    const { devices } = fakeDevices({ audio: "NotReadableError", video: "NotAllowedError" });
    expect(await acquireLocalMedia(devices)).toEqual({
      stream: null,
      audioProblem: "busy",
      videoProblem: "blocked",
    });
  });

  it("retries each device alone when the joint request fails although each works alone", async () => {
    const { devices, tracks } = fakeDevices({ audio: "ok", video: "ok", both: "OverconstrainedError" });
    const media = await acquireLocalMedia(devices);
    expect(media.stream?.getTracks()).toEqual([tracks.audio, tracks.video]);
    expect(media).toMatchObject({ audioProblem: null, videoProblem: null });
  });
});
