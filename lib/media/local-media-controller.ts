/**
 * The one owner of this page's camera, microphone and shared screen, without React: it asks for them,
 * mutes, turns the camera off, switches devices, follows devices being plugged in and out, shares the
 * screen and stops everything. It writes the store, which the UI renders from, and reports each new
 * track, which the session hands to the calls.
 */
import {
  constraintsFor,
  describeSwitchProblem,
  deviceOf,
  listDevices,
  type DeviceLists,
  type MediaKind,
} from "../rtc/devices";
import { acquireLocalMedia, stopStream, VIDEO_CONSTRAINTS } from "../rtc/local-media";
import type { RoomStore } from "../store/room-store";
import type { CameraEffect, EffectStop } from "./background/background-effect";
import { LazyBackgroundEffect } from "./background/lazy-background-effect";
import { NO_BACKGROUND, rememberable, type BackgroundChoice } from "./background/choice";
import { Camera } from "./camera";
import { DeviceMemory } from "./device-memory";
import { Microphone } from "./microphone";
import { NoiseSuppressor, type MicrophoneCleaner } from "./noise-suppression";

export interface LocalMediaEvents {
  /** A camera or microphone track took the place of the one before, in `stream`. */
  trackReplaced(track: MediaStreamTrack, stream: MediaStream): Promise<void> | void;
  /** The shared screen started (a stream) or stopped (null). */
  screenChanged(screen: MediaStream | null): void;
  /** Whether a new screen share may still start: the page may have left the call while the picker was open. */
  mayShareScreen(): boolean;
}

export class LocalMediaController {
  private acquiring: Promise<void> | null = null;
  /**
   * Counts stops: what was asked for before one is let go when it arrives. React's development mode
   * unmounts and mounts the page once, so a stop can be followed by a fresh start.
   */
  private generation = 0;
  private readonly memory: DeviceMemory;
  private readonly microphone: Microphone;
  private readonly camera: Camera;
  private readonly mediaDevices: () => MediaDevices | undefined;

  constructor(
    private readonly store: RoomStore,
    private readonly events: LocalMediaEvents,
    {
      mediaDevices = () => globalThis.navigator?.mediaDevices,
      storage,
      createCleaner = () => new NoiseSuppressor(),
      createEffect = (stopped) => new LazyBackgroundEffect(stopped),
    }: {
      mediaDevices?: () => MediaDevices | undefined;
      /** Where device choices are remembered: localStorage by default. */
      storage?: Pick<Storage, "getItem" | "setItem"> | null;
      createCleaner?: () => MicrophoneCleaner;
      createEffect?: (stopped: (reason: EffectStop) => void) => CameraEffect;
    } = {},
  ) {
    this.mediaDevices = mediaDevices;
    this.memory = new DeviceMemory(storage);
    this.microphone = new Microphone(createCleaner);
    this.camera = new Camera(createEffect);
  }

  private get actions() {
    return this.store.getState().actions;
  }

  /** Asks for the camera and microphone once (the devices chosen last time, where still there). */
  acquire(): Promise<void> {
    this.acquiring ??= this.request();
    return this.acquiring;
  }

  private async request(): Promise<void> {
    const generation = this.generation;
    const preferred = this.memory.preferred();
    if (preferred.noiseSuppression === false) this.actions.setNoiseSuppression(false);
    this.actions.setMediaRequesting();
    const media = await acquireLocalMedia(this.mediaDevices(), preferred);
    if (generation !== this.generation) return stopStream(media.stream);
    this.actions.setLocalMedia(media);
    this.microphone.use(media.stream?.getAudioTracks()[0] ?? null);
    this.camera.use(media.stream?.getVideoTracks()[0] ?? null);
    this.noteInputs();
    if (preferred.speaker) this.actions.setSpeaker(preferred.speaker);
    if (this.store.getState().noiseSuppression) void this.cleanMicrophone();
    if (preferred.background && preferred.background.kind !== "none")
      void this.setBackground(preferred.background);
  }

  /**
   * Blur, a picture or nothing behind the person, in the preview and in every call, without
   * renegotiating: the calls swap the camera's track for the processed one. Where the effect cannot
   * run, or stops keeping up, the camera goes out as it is and the person is told.
   */
  async setBackground(choice: BackgroundChoice): Promise<void> {
    this.memory.remember("background", rememberable(choice));
    this.actions.setBackground(choice, choice.kind !== "none" && this.camera.raw !== null);
    await this.applyBackground();
  }

  /** Brings the camera's track in the calls in line with the chosen background. */
  private async applyBackground(): Promise<void> {
    const choice = this.store.getState().background;
    const outcome = await this.camera.apply(
      choice,
      (track) => this.install("video", track),
      (reason) => this.effectStopped(reason),
    );
    if (outcome === "superseded" || this.store.getState().background !== choice) return;
    if (outcome === "failed") {
      this.actions.setNotice(
        "Background effects couldn't start in this browser. Your camera is shown as it is.",
      );
      this.actions.setBackground(NO_BACKGROUND);
    } else this.actions.setBackground(choice);
    const raw = this.camera.raw;
    if (outcome !== "on" && raw && this.inUse("video") !== raw) await this.install("video", raw);
  }

  private effectStopped(reason: EffectStop): void {
    this.actions.setNotice(
      reason === "slow"
        ? "Background effects were turned off: this device couldn't keep up. Your camera is shown as it is."
        : "Background effects stopped working. Your camera is shown as it is.",
    );
    void this.setBackground(NO_BACKGROUND);
  }

  /** Noise suppression on (RNNoise, where it runs) or off (the browser's own, lighter one). */
  setNoiseSuppression(on: boolean): void {
    this.actions.setNoiseSuppression(on);
    this.memory.remember("noiseSuppression", on);
    if (on) return void this.cleanMicrophone();
    this.microphone.stopCleaning();
    const raw = this.microphone.raw;
    if (raw && this.inUse("audio") !== raw) void this.install("audio", raw);
  }

  private cleanMicrophone(): Promise<void> {
    return this.microphone.clean((cleaned) => this.install("audio", cleaned));
  }

  /** The track of `kind` the calls get now (for audio, the cleaned one while suppression is on). */
  private inUse(kind: MediaKind): MediaStreamTrack | undefined {
    return this.store
      .getState()
      .localStream?.getTracks()
      .find((track) => track.kind === kind);
  }

  /** The device of each kind in use, for the pickers: a cleaned microphone track has none of its own. */
  private noteInputs(): void {
    this.actions.setInputs({
      audio: deviceOf(this.microphone.raw ?? undefined),
      video: deviceOf(this.camera.raw ?? undefined),
    });
  }

  private async install(kind: MediaKind, track: MediaStreamTrack): Promise<void> {
    const stream = this.actions.replaceLocalTrack(kind, track);
    await this.events.trackReplaced(track, stream);
  }

  /**
   * Mutes or unmutes, turns the camera off or on: `track.enabled`, which keeps every call negotiated
   * and sends silence or black frames instead of the real thing.
   */
  toggle(kind: MediaKind): void {
    const state = this.store.getState();
    if (!state[kind].available) return;
    const enabled = !state[kind].enabled;
    for (const track of state.localStream?.getTracks() ?? [])
      if (track.kind === kind) track.enabled = enabled;
    if (kind === "video") this.camera.setEnabled(enabled);
    this.actions.setDeviceEnabled(kind, enabled);
  }

  /**
   * Switches to another camera or microphone (null: the system default), in the preview and in every
   * call, without renegotiating. If the new one will not start, the current one carries on.
   */
  async switchDevice(kind: MediaKind, deviceId: string | null): Promise<void> {
    const { devices } = this.store.getState();
    const current = kind === "audio" ? this.microphone.raw : this.camera.raw;
    if (deviceId && current?.readyState === "live" && deviceOf(current) === deviceId) return;
    const options = kind === "video" ? devices.cameras : devices.microphones;
    const label = options.find((device) => device.id === deviceId)?.label ?? "chosen one";
    const switched = await this.replaceTrack(kind, constraintsFor(kind, deviceId), () =>
      describeSwitchProblem(kind, label),
    );
    if (switched) this.memory.remember(kind, deviceId);
  }

  /** On a phone: from the front camera to the back one, or back again. */
  async flipCamera(): Promise<void> {
    const facing = this.camera.raw?.getSettings?.().facingMode === "environment" ? "user" : "environment";
    const side = facing === "environment" ? "back" : "front";
    await this.replaceTrack(
      "video",
      { ...VIDEO_CONSTRAINTS, facingMode: { exact: facing } },
      () =>
        `Couldn't switch to the ${side} camera. This device may not have one. Your current camera is still on.`,
    );
  }

  /** A new track of `kind` in place of the current one; false (and a notice) when it would not start. */
  private async replaceTrack(
    kind: MediaKind,
    constraints: MediaTrackConstraints | boolean,
    describeFailure: () => string,
  ): Promise<boolean> {
    // A cleaned or processed copy goes with its raw track.
    const current = [this.inUse(kind), kind === "audio" ? this.microphone.raw : this.camera.raw];
    const generation = this.generation;
    this.actions.setNotice(null);
    let track: MediaStreamTrack | undefined;
    try {
      const stream = await this.mediaDevices()?.getUserMedia({ [kind]: constraints });
      track = stream?.getTracks().find((t) => t.kind === kind);
    } catch {
      // Said below.
    }
    if (!track) {
      this.actions.setNotice(describeFailure());
      return false;
    }
    if (generation !== this.generation) {
      track.stop();
      return false;
    }
    if (kind === "audio") this.microphone.use(track);
    else {
      this.camera.use(track);
      const { video } = this.store.getState();
      this.camera.setEnabled(!video.available || video.enabled);
    }
    const effect = kind === "video" && this.store.getState().background.kind !== "none";
    // With a background effect, the new camera goes out once it is processed: never bare meanwhile.
    if (effect) await this.applyBackground();
    else await this.install(kind, track);
    for (const old of current) if (old !== track) old?.stop();
    this.noteInputs();
    if (kind === "audio" && this.store.getState().noiseSuppression) void this.cleanMicrophone();
    return true;
  }

  /** Where others' voices play (null: the system's default), remembered for the next meeting. */
  chooseSpeaker(speakerId: string | null): void {
    this.memory.remember("speaker", speakerId);
    this.actions.setSpeaker(speakerId);
  }

  /**
   * Keeps the device lists current: read now (labels appear once media is allowed, so call again
   * then) and whenever a device is plugged in or out. Returns how to stop watching.
   */
  watchDevices(): () => void {
    const devices = this.mediaDevices();
    if (!devices?.enumerateDevices) return () => {};
    let watching = true;
    const refresh = () => {
      void listDevices(devices).then((lists) => watching && this.devicesListed(lists));
    };
    refresh();
    devices.addEventListener?.("devicechange", refresh);
    return () => {
      watching = false;
      devices.removeEventListener?.("devicechange", refresh);
    };
  }

  /**
   * The list of devices changed. A camera or microphone that was unplugged mid-call falls back to the
   * system default, and a speaker that went away to the default output.
   */
  devicesListed(devices: DeviceLists): void {
    this.actions.setDevices(devices);
    const { speakerId } = this.store.getState();
    // The devices themselves: a cleaned microphone track lives on after its device is unplugged.
    for (const track of [this.microphone.raw, this.camera.raw]) {
      if (track?.readyState === "ended") void this.switchDevice(track.kind as MediaKind, null);
    }
    if (speakerId && !devices.speakers.some((speaker) => speaker.id === speakerId))
      this.actions.setSpeaker(null);
  }

  /**
   * Asks the browser which screen, window or tab to share. The browser's own "Stop sharing" ends it
   * as our button does. `describeProblem` (rtc/screen-share.ts) comes from the button, so that its
   * sentences load with the call screen rather than with the page.
   */
  async shareScreen(describeProblem: (error: unknown) => string | null): Promise<void> {
    if (this.store.getState().screen) return;
    const generation = this.generation;
    this.actions.setNotice(null);
    let stream: MediaStream;
    try {
      const devices = this.mediaDevices();
      if (!devices?.getDisplayMedia) throw new DOMException("No getDisplayMedia", "NotSupportedError");
      stream = await devices.getDisplayMedia({ video: { frameRate: { max: 30 } }, audio: false });
    } catch (error) {
      const notice = describeProblem(error);
      if (notice) this.actions.setNotice(notice);
      return;
    }
    const [track] = stream.getVideoTracks();
    const current = generation === this.generation && this.events.mayShareScreen();
    if (!track || !current) return stopStream(stream);
    // Sharpness over smoothness: a shared screen is mostly text.
    track.contentHint = "detail";
    track.addEventListener("ended", () => this.stopSharingScreen());
    this.actions.setScreen(stream);
    this.events.screenChanged(stream);
  }

  stopSharingScreen(): void {
    const { screen } = this.store.getState();
    if (!screen) return;
    stopStream(screen);
    this.actions.setScreen(null);
    this.events.screenChanged(null);
  }

  /** The page is closing: camera, microphone and screen are let go, and nothing asked for before starts. */
  stop(): void {
    this.generation += 1;
    this.acquiring = null;
    this.stopSharingScreen();
    this.microphone.stop();
    this.camera.stop();
    stopStream(this.store.getState().localStream);
  }
}
