/**
 * Just enough of MediaStream and getUserMedia for jsdom, which has neither. The tracks are plain
 * objects: what is under test is how the app and its store use them, not the browser's media stack.
 */
import { vi } from "vitest";

export class FakeTrack extends EventTarget {
  enabled = true;
  contentHint = "";
  readyState: "live" | "ended" = "live";
  constructor(
    readonly kind: "audio" | "video",
    readonly deviceId = `default-${kind}`,
  ) {
    super();
  }
  getSettings(): MediaTrackSettings {
    return { deviceId: this.deviceId };
  }
  stop(): void {
    this.readyState = "ended";
  }
  /** What the browser does when the source goes away, as when its own "Stop sharing" is pressed. */
  endFromBrowser(): void {
    this.readyState = "ended";
    this.dispatchEvent(new Event("ended"));
  }
}

export class FakeMediaStream {
  private readonly tracks: FakeTrack[];
  constructor(tracks: FakeTrack[] = []) {
    this.tracks = [...tracks];
  }
  getTracks(): FakeTrack[] {
    return [...this.tracks];
  }
  getAudioTracks(): FakeTrack[] {
    return this.tracks.filter((track) => track.kind === "audio");
  }
  getVideoTracks(): FakeTrack[] {
    return this.tracks.filter((track) => track.kind === "video");
  }
  addTrack(track: FakeTrack): void {
    this.tracks.push(track);
  }
}

/** The app only ever sees these through the DOM types; one cast, here, keeps the tests free of them. */
export function asMediaStream(stream: FakeMediaStream): MediaStream {
  return stream as unknown as MediaStream;
}

export function fakeStream(...kinds: ("audio" | "video")[]): FakeMediaStream {
  return new FakeMediaStream(kinds.map((kind) => new FakeTrack(kind)));
}

export type GetUserMedia = MediaDevices["getUserMedia"];

/** A device as enumerateDevices reports it. */
export interface FakeDevice {
  deviceId: string;
  kind: MediaDeviceKind;
  label: string;
}

export interface FakeMediaOptions {
  getDisplayMedia?: MediaDevices["getDisplayMedia"];
  /** With a list, enumerateDevices answers from it (change it, then fire "devicechange"). */
  devices?: FakeDevice[];
}

/** Installs MediaStream and navigator.mediaDevices; undo with vi.unstubAllGlobals() and restoreMediaDevices(). */
export function installFakeMedia(getUserMedia: GetUserMedia, options: FakeMediaOptions = {}): EventTarget {
  vi.stubGlobal("MediaStream", FakeMediaStream);
  const mediaDevices = Object.assign(new EventTarget(), {
    getUserMedia,
    ...(options.getDisplayMedia && { getDisplayMedia: options.getDisplayMedia }),
    ...(options.devices && {
      enumerateDevices: async () => options.devices?.map((device) => ({ ...device })),
    }),
  });
  Object.defineProperty(navigator, "mediaDevices", { value: mediaDevices, configurable: true });
  return mediaDevices;
}

export function restoreMediaDevices(): void {
  Reflect.deleteProperty(navigator, "mediaDevices");
}

/** getUserMedia that grants every request with fresh tracks, and keeps the streams it handed out. */
export function grantingGetUserMedia() {
  const granted: FakeMediaStream[] = [];
  const getUserMedia = vi.fn<GetUserMedia>(async (constraints) => {
    const kinds = (["audio", "video"] as const).filter((kind) => Boolean(constraints?.[kind]));
    const stream = new FakeMediaStream(
      kinds.map((kind) => new FakeTrack(kind, requestedDevice(constraints?.[kind]))),
    );
    granted.push(stream);
    return asMediaStream(stream);
  });
  return { getUserMedia, granted };
}

/** The exact device a constraint asks for, as getUserMedia would pick it. */
function requestedDevice(constraint: boolean | MediaTrackConstraints | undefined): string | undefined {
  if (typeof constraint !== "object") return undefined;
  const wanted = constraint.deviceId;
  return typeof wanted === "object" && !Array.isArray(wanted) && typeof wanted.exact === "string"
    ? wanted.exact
    : undefined;
}

export function mediaError(name: string): DOMException {
  return new DOMException(`${name} (fake)`, name);
}

/** A getUserMedia answer the test settles by hand, to see what happens while it is pending. */
export function deferredGetUserMedia() {
  let resolve: (stream: FakeMediaStream) => void = () => {};
  const getUserMedia = vi.fn<GetUserMedia>(
    () =>
      new Promise<MediaStream>((settle) => {
        resolve = (stream) => settle(asMediaStream(stream));
      }),
  );
  return { getUserMedia, resolve: (stream: FakeMediaStream) => resolve(stream) };
}
