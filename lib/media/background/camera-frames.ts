/**
 * A camera track as a stream of frames another thread can read: the browser's own
 * MediaStreamTrackProcessor where there is one (Chromium: the frames never touch this thread), or
 * else a hidden video element copied on a timer, one frame each time the reader asks.
 */
interface TrackProcessor {
  readonly readable: ReadableStream<VideoFrame>;
}
type TrackProcessorConstructor = new (init: {
  track: MediaStreamTrack;
  maxBufferSize?: number;
}) => TrackProcessor;

export interface CameraFrames {
  frames: ReadableStream<VideoFrame | ImageBitmap>;
  stop(): void;
}

export function cameraFrames(track: MediaStreamTrack): CameraFrames {
  const Processor = (globalThis as { MediaStreamTrackProcessor?: TrackProcessorConstructor })
    .MediaStreamTrackProcessor;
  // One frame waiting at most: a slow reader gets the newest, not a growing queue.
  if (Processor) return { frames: new Processor({ track, maxBufferSize: 1 }).readable, stop: () => {} };
  return copiedFrames(track);
}

function copiedFrames(track: MediaStreamTrack): CameraFrames {
  const video = document.createElement("video");
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  void video.play().catch(() => {});
  const interval = 1000 / (track.getSettings().frameRate ?? 30);
  let stopped = false;
  const frames = new ReadableStream<ImageBitmap>(
    {
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, interval));
        while (!stopped && video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA)
          await new Promise((resolve) => setTimeout(resolve, interval));
        if (stopped) return controller.close();
        controller.enqueue(await createImageBitmap(video));
      },
    },
    // Nothing is copied ahead of the reader asking.
    { highWaterMark: 0 },
  );
  return {
    frames,
    stop: () => {
      stopped = true;
      video.srcObject = null;
    },
  };
}
