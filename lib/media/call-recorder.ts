/**
 * Records the call as this page shows it, on this device only: the tiles on screen drawn into a
 * canvas, every voice mixed (ours included), encoded by the browser's MediaRecorder into WebM.
 * Nothing goes to any server; the file is the person's to save.
 */
import { fitGrid, TILE_GAP } from "../layout/gallery";

export interface RecordedTile {
  video: HTMLVideoElement;
  name: string;
}

export interface RecorderSources {
  /** The tiles on screen now, in their order. */
  tiles(): RecordedTile[];
  /** Every voice to hear now: ours and each other person's. */
  voices(): MediaStream[];
}

const SIZE = { width: 1280, height: 720 };
const FRAME_RATE = 30;
const BACKGROUND = "#020617";
const TILE_COLOUR = "#1e293b";

/** The first of these the browser can write; WebM everywhere that records at all. */
const MIME_TYPES = ["video/webm;codecs=vp8,opus", "video/webm;codecs=vp9,opus", "video/webm"];

let writable: string | null | undefined;

/** Asked of the browser once per page (the Record button asks on every render): it does not change. */
export function recordingMimeType(): string | null {
  if (writable === undefined) {
    writable =
      typeof MediaRecorder === "undefined"
        ? null
        : (MIME_TYPES.find((type) => MediaRecorder.isTypeSupported(type)) ?? null);
  }
  return writable;
}

/** "Parley 2026-11-30 14-05.webm": sorts by date, and has no characters file systems refuse. */
export function recordingFileName(startedAt: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const d = startedAt;
  return `Parley ${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}-${pad(d.getMinutes())}.webm`;
}

export class CallRecorder {
  private readonly canvas = document.createElement("canvas");
  private readonly audio = new AudioContext();
  private readonly mix = this.audio.createMediaStreamDestination();
  /** Voices already in the mix, by stream id, to add newcomers and drop who left. */
  private readonly mixed = new Map<string, MediaStreamAudioSourceNode>();
  private readonly recorder: MediaRecorder;
  private readonly chunks: Blob[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  readonly startedAt = new Date();

  constructor(
    private readonly sources: RecorderSources,
    mimeType: string,
  ) {
    Object.assign(this.canvas, SIZE);
    const video = this.canvas.captureStream(FRAME_RATE).getVideoTracks();
    this.recorder = new MediaRecorder(new MediaStream([...video, ...this.mix.stream.getAudioTracks()]), {
      mimeType,
    });
    this.recorder.addEventListener("dataavailable", (event) => {
      if (event.data.size > 0) this.chunks.push(event.data);
    });
  }

  start(): void {
    this.frame();
    // A timer, not animation frames: those stop when the tab is hidden, and the recording must not.
    this.timer = setInterval(() => this.frame(), 1000 / FRAME_RATE);
    // A chunk a second, so a long recording is not one huge buffer at the end.
    this.recorder.start(1000);
  }

  /** Ends the recording; resolves with the file. */
  stop(): Promise<Blob> {
    clearInterval(this.timer);
    return new Promise((resolve) => {
      this.recorder.addEventListener(
        "stop",
        () => {
          void this.audio.close();
          resolve(new Blob(this.chunks, { type: this.recorder.mimeType || "video/webm" }));
        },
        { once: true },
      );
      if (this.recorder.state === "inactive") this.recorder.dispatchEvent(new Event("stop"));
      else this.recorder.stop();
    });
  }

  private frame(): void {
    this.mixVoices();
    const context = this.canvas.getContext("2d");
    if (!context) return;
    context.fillStyle = BACKGROUND;
    context.fillRect(0, 0, SIZE.width, SIZE.height);
    const tiles = this.sources.tiles();
    const fit = fitGrid(tiles.length, SIZE);
    const left = (SIZE.width - fit.columns * fit.tileWidth - (fit.columns - 1) * TILE_GAP) / 2;
    const top = (SIZE.height - fit.rows * fit.tileHeight - (fit.rows - 1) * TILE_GAP) / 2;
    tiles.forEach((tile, index) => {
      const x = left + (index % fit.columns) * (fit.tileWidth + TILE_GAP);
      const y = top + Math.floor(index / fit.columns) * (fit.tileHeight + TILE_GAP);
      drawTile(context, tile, { x, y, width: fit.tileWidth, height: fit.tileHeight });
    });
  }

  private mixVoices(): void {
    const voices = this.sources.voices().filter((stream) => stream.getAudioTracks().length > 0);
    const current = new Set(voices.map((stream) => stream.id));
    for (const stream of voices) {
      if (this.mixed.has(stream.id)) continue;
      const source = this.audio.createMediaStreamSource(stream);
      source.connect(this.mix);
      this.mixed.set(stream.id, source);
    }
    for (const [id, source] of this.mixed) {
      if (current.has(id)) continue;
      source.disconnect();
      this.mixed.delete(id);
    }
  }
}

function drawTile(
  context: CanvasRenderingContext2D,
  { video, name }: RecordedTile,
  box: { x: number; y: number; width: number; height: number },
): void {
  context.fillStyle = TILE_COLOUR;
  context.fillRect(box.x, box.y, box.width, box.height);
  const showing = video.videoWidth > 0 && getComputedStyle(video).visibility !== "hidden";
  if (showing) {
    // Cover the tile as the page does, cropping the overflow.
    const scale = Math.max(box.width / video.videoWidth, box.height / video.videoHeight);
    const [width, height] = [video.videoWidth * scale, video.videoHeight * scale];
    context.save();
    context.beginPath();
    context.rect(box.x, box.y, box.width, box.height);
    context.clip();
    context.drawImage(
      video,
      box.x + (box.width - width) / 2,
      box.y + (box.height - height) / 2,
      width,
      height,
    );
    context.restore();
  }
  context.font = "20px system-ui, sans-serif";
  context.fillStyle = "rgba(2, 6, 23, 0.7)";
  const label = context.measureText(name).width + 16;
  context.fillRect(box.x + 8, box.y + box.height - 38, label, 30);
  context.fillStyle = "#f8fafc";
  context.fillText(name, box.x + 16, box.y + box.height - 16);
}
