/** Camera and microphone: getting them, and saying in plain words what went wrong when we could not. */

export type MediaProblem = "blocked" | "missing" | "busy" | "insecure" | "failed";

export interface LocalMedia {
  stream: MediaStream | null;
  audioProblem: MediaProblem | null;
  videoProblem: MediaProblem | null;
}

export const VIDEO_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 640 },
  height: { ideal: 480 },
  frameRate: { ideal: 30 },
};

/**
 * The camera and microphone, the ones chosen last time where they are still there: asked for as
 * `ideal`, so a device that has gone gives way to the default rather than to an error.
 */
export async function acquireLocalMedia(
  devices: MediaDevices | undefined,
  preferred: { audio?: string; video?: string } = {},
): Promise<LocalMedia> {
  // Browsers only offer mediaDevices on https or localhost.
  if (!devices?.getUserMedia) return { stream: null, audioProblem: "insecure", videoProblem: "insecure" };
  const audioConstraints = preferred.audio ? { deviceId: { ideal: preferred.audio } } : true;
  const videoConstraints = {
    ...VIDEO_CONSTRAINTS,
    ...(preferred.video && { deviceId: { ideal: preferred.video } }),
  };
  try {
    const stream = await devices.getUserMedia({ audio: audioConstraints, video: videoConstraints });
    return { stream, audioProblem: null, videoProblem: null };
  } catch {
    // Ask for each device alone, one after the other, so a blocked or missing one costs only itself.
    const audio = await requestOne(devices, { audio: audioConstraints });
    const video = await requestOne(devices, { video: videoConstraints });
    const tracks = [...(audio.stream?.getTracks() ?? []), ...(video.stream?.getTracks() ?? [])];
    return {
      stream: tracks.length > 0 ? new MediaStream(tracks) : null,
      audioProblem: audio.problem,
      videoProblem: video.problem,
    };
  }
}

async function requestOne(devices: MediaDevices, constraints: MediaStreamConstraints) {
  try {
    return { stream: await devices.getUserMedia(constraints), problem: null };
  } catch (error) {
    return { stream: null, problem: classifyMediaError(error) };
  }
}

export function classifyMediaError(error: unknown): MediaProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return "blocked";
    case "NotFoundError":
    case "OverconstrainedError":
      return "missing";
    case "NotReadableError":
    case "AbortError":
      return "busy";
    default:
      return "failed";
  }
}

const PROBLEM_TEXT: Record<
  Exclude<MediaProblem, "insecure">,
  (device: string, verb: "is" | "are") => string
> = {
  blocked: (device, verb) =>
    `Your ${device} ${verb} blocked. Allow access in your browser's site settings, then reload.`,
  missing: (device) => `No ${device.replace(" and ", " or ")} was found on this device.`,
  busy: (device, verb) => `Your ${device} ${verb} in use by another app, or couldn't start.`,
  failed: (device) => `Your ${device} couldn't start.`,
};

/** One or two sentences for the pre-join screen and the call, or null when both devices work. */
export function describeMediaProblems(audio: MediaProblem | null, video: MediaProblem | null): string | null {
  if (!audio && !video) return null;
  if (audio === "insecure" || video === "insecure") {
    return "This page isn't on a secure (https) connection, so the browser won't share a camera or microphone. You can still join to watch and listen.";
  }
  const causes =
    audio && audio === video
      ? [PROBLEM_TEXT[audio]("camera and microphone", "are")]
      : [video && PROBLEM_TEXT[video]("camera", "is"), audio && PROBLEM_TEXT[audio]("microphone", "is")];
  const outcome =
    audio && video
      ? "You can still join to watch and listen."
      : video
        ? "You can join with audio only."
        : "You can join with video only; others won't hear you.";
  return [...causes.filter(Boolean), outcome].join(" ");
}

export function stopStream(stream: MediaStream | null): void {
  stream?.getTracks().forEach((track) => track.stop());
}
