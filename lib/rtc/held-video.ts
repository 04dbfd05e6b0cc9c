/**
 * A black picture, the camera's size, for a video line whose media is held (a call dialled from the
 * pre-join screen, or to someone still on theirs). A video encoder is set up only when its first
 * frame arrives, and the other side's decoder on the first frame it receives: on a busy machine that
 * is a few hundred milliseconds, which a line held empty spends after "Join now", under the call's
 * first frames. Black frames keep both set up ahead, and show nothing of the person. Same size as the
 * camera, so that swapping the camera in reconfigures nothing and the camera's first frame goes at once.
 */
import { HELD_FRAME_INTERVAL_MS } from "./held-frame-rate";

const DEFAULT_SIZE = { width: 640, height: 480 };

export class HeldVideo {
  private canvas: HTMLCanvasElement | null = null;
  private heldTrack: MediaStreamTrack | null = null;
  private requestFrame: (() => void) | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;

  /** `camera` is read at each frame, so the picture follows a camera switched meanwhile. */
  constructor(private readonly camera: () => MediaStreamTrack | null) {}

  /**
   * The black track, made on first use; null where the browser cannot draw one (no canvas capture).
   * A frame is drawn at once for each line that takes it, whose encoder sets itself up on it.
   */
  track(): MediaStreamTrack | null {
    if (this.heldTrack?.readyState === "live") {
      this.paint();
      return this.heldTrack;
    }
    const canvas = typeof document === "undefined" ? null : document.createElement("canvas");
    if (!canvas || typeof canvas.captureStream !== "function") return null;
    // Frames only when asked for (requestFrame), not at the display's rate.
    const stream = canvas.captureStream(0);
    const track = stream.getVideoTracks()[0] as Partial<CanvasCaptureMediaStreamTrack> | undefined;
    if (!track) return null;
    // Chromium asks the track for a frame, as the standard has it; Firefox asks the stream.
    const firefoxStream = stream as Partial<Pick<CanvasCaptureMediaStreamTrack, "requestFrame">>;
    const requestFrame = track.requestFrame?.bind(track) ?? firefoxStream.requestFrame?.bind(stream);
    if (!requestFrame) return null;
    this.canvas = canvas;
    this.heldTrack = track as MediaStreamTrack;
    this.requestFrame = requestFrame;
    this.paint();
    this.timer = setInterval(() => this.paint(), HELD_FRAME_INTERVAL_MS);
    return this.heldTrack;
  }

  stop(): void {
    clearInterval(this.timer);
    this.heldTrack?.stop();
    this.heldTrack = null;
    this.requestFrame = null;
    this.canvas = null;
  }

  private paint(): void {
    const { canvas, requestFrame } = this;
    if (!canvas || !requestFrame) return;
    const settings = this.camera()?.getSettings();
    const width = settings?.width ?? DEFAULT_SIZE.width;
    const height = settings?.height ?? DEFAULT_SIZE.height;
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    const context = canvas.getContext("2d");
    if (!context) return;
    context.fillStyle = "#000";
    context.fillRect(0, 0, width, height);
    requestFrame();
  }
}
