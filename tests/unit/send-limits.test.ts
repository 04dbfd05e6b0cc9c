import { describe, expect, it, vi } from "vitest";
import {
  applySendLimits,
  FIRST_FRAMES_SCALE_DOWN,
  sendLimitsFor,
  UPLINK_BUDGET_BPS,
  videoEncodingFor,
} from "@/lib/rtc/send-limits";

describe("sendLimitsFor", () => {
  it("keeps every copy of our video within one home uplink, whatever the room's size", () => {
    for (let participants = 2; participants <= 12; participants++) {
      const { maxBitrate } = sendLimitsFor(participants);
      expect(maxBitrate * (participants - 1)).toBeLessThanOrEqual(UPLINK_BUDGET_BPS);
    }
  });

  it("sends full size and rate to one or two others, and less of both as the room fills", () => {
    expect(sendLimitsFor(2)).toEqual({ maxBitrate: 1_200_000, scaleResolutionDownBy: 1, maxFramerate: 30 });
    expect(sendLimitsFor(4)).toMatchObject({ scaleResolutionDownBy: 1.5, maxFramerate: 24 });
    expect(sendLimitsFor(6)).toEqual({ maxBitrate: 500_000, scaleResolutionDownBy: 2, maxFramerate: 15 });
    // And raises them again as people leave.
    expect(sendLimitsFor(3).maxBitrate).toBeGreaterThan(sendLimitsFor(6).maxBitrate);
  });
});

describe("videoEncodingFor", () => {
  const room = sendLimitsFor(4); // 480 lines sent at 320 to each of three
  const CAMERA_HEIGHT = 480;

  it("sends the room's size to a receiver that shows at least that much, or has not said", () => {
    expect(videoEncodingFor(room, 360, CAMERA_HEIGHT)).toEqual({ ...room, active: true });
    expect(videoEncodingFor(room, 2160, CAMERA_HEIGHT)).toEqual({ ...room, active: true });
    expect(videoEncodingFor(room, null, CAMERA_HEIGHT)).toEqual({ ...room, active: true });
  });

  it("pauses the video to a receiver that does not show it", () => {
    expect(videoEncodingFor(room, 0, CAMERA_HEIGHT)).toMatchObject({ active: false });
  });

  it("scales a thumbnail down to its height, with bits and frames to match", () => {
    const thumbnail = videoEncodingFor(room, 180, CAMERA_HEIGHT);
    expect(thumbnail.active).toBe(true);
    expect(CAMERA_HEIGHT / thumbnail.scaleResolutionDownBy).toBe(180);
    // (180/320)^2 of the pixels, so about a third of the bits.
    expect(thumbnail.maxBitrate).toBe(Math.round(room.maxBitrate * (180 / 320) ** 2));
    expect(thumbnail.maxFramerate).toBe(15);
  });

  it("sends a call's first frames at half size at most, paused video still paused", () => {
    const full = sendLimitsFor(2);
    expect(videoEncodingFor(full, null, CAMERA_HEIGHT, true)).toEqual({
      ...full,
      active: true,
      scaleResolutionDownBy: FIRST_FRAMES_SCALE_DOWN,
    });
    // Already smaller for a thumbnail: no smaller still.
    expect(videoEncodingFor(room, 180, CAMERA_HEIGHT, true)).toEqual(
      videoEncodingFor(room, 180, CAMERA_HEIGHT),
    );
    expect(videoEncodingFor(room, 0, CAMERA_HEIGHT, true)).toMatchObject({ active: false });
  });

  it("never asks for less than a watchable bitrate", () => {
    const crowded = sendLimitsFor(12);
    expect(videoEncodingFor(crowded, 180, 1080).maxBitrate).toBeGreaterThanOrEqual(100_000);
  });
});

describe("applySendLimits", () => {
  /** A camera sender holding one encoding, recording what it is asked to set. */
  function cameraSender(encoding: RTCRtpEncodingParameters = {}) {
    const parameters = { encodings: [encoding] } as RTCRtpSendParameters;
    const setParameters = vi.fn(async (next: RTCRtpSendParameters) => {
      parameters.encodings = structuredClone(next.encodings);
    });
    const sender = {
      getParameters: () => structuredClone(parameters),
      setParameters,
    } as unknown as RTCRtpSender;
    const line = { sender, kind: "video", trackHeight: 480 };
    return { line, setParameters, encoding: () => parameters.encodings[0] };
  }

  it("sets the room's limits, with video below audio", async () => {
    const { line, encoding } = cameraSender();
    await applySendLimits(line, sendLimitsFor(4), null);
    expect(encoding()).toEqual({
      ...sendLimitsFor(4),
      active: true,
      priority: "low",
      networkPriority: "low",
    });
  });

  it("leaves the encoder alone when nothing would change, since any set restarts it", async () => {
    const { line, setParameters } = cameraSender();
    await applySendLimits(line, sendLimitsFor(4), null);
    // The receiver says it shows the camera large: the same encoding as before.
    await applySendLimits(line, sendLimitsFor(4), 720);
    expect(setParameters).toHaveBeenCalledTimes(1);
    await applySendLimits(line, sendLimitsFor(4), 0);
    expect(setParameters).toHaveBeenCalledTimes(2);
  });
});
