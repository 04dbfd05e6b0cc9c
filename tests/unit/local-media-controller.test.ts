import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LocalMediaController, type LocalMediaEvents } from "@/lib/media/local-media-controller";
import { DeviceMemory } from "@/lib/media/device-memory";
import type { MicrophoneCleaner } from "@/lib/media/noise-suppression";
import type { CameraEffect, EffectStop } from "@/lib/media/background/background-effect";
import type { BackgroundChoice } from "@/lib/media/background/choice";
import { createRoomStore } from "@/lib/store/room-store";
import { describeScreenShareProblem } from "@/lib/rtc/screen-share";
import {
  asMediaStream,
  deferredGetUserMedia,
  FakeMediaStream,
  FakeTrack,
  grantingGetUserMedia,
  mediaError,
  type GetUserMedia,
} from "./components/fake-media";

/** localStorage's two methods, over a Map. */
function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, v: string) => items.set(key, v),
  };
}

/** Plays RNNoise: a cleaned track of its own per raw one, or (cleans: false) a browser where it cannot run. */
class FakeCleaner implements MicrophoneCleaner {
  closed = false;
  output: FakeTrack | null = null;
  constructor(private readonly cleans: boolean) {}
  async clean(raw: MediaStreamTrack): Promise<MediaStreamTrack | null> {
    if (!this.cleans) return null;
    this.output = new FakeTrack("audio", `cleaned-${raw.getSettings().deviceId}`);
    return this.output as unknown as MediaStreamTrack;
  }
  close(): void {
    this.closed = true;
    this.output?.stop();
  }
}

/**
 * Plays the background effect: a processed track of its own per raw one, or (runs: false) a browser
 * where it cannot start. `hold` keeps it starting until `release()`.
 */
class FakeEffect implements CameraEffect {
  closed = false;
  paused = false;
  output: FakeTrack | null = null;
  backgrounds: BackgroundChoice[] = [];
  release: () => void = () => {};
  private readonly gate: Promise<void>;
  constructor(
    private readonly runs: boolean,
    hold: boolean,
    readonly stop: (reason: EffectStop) => void,
  ) {
    this.gate = hold ? new Promise((resolve) => (this.release = resolve)) : Promise.resolve();
  }
  async start(raw: MediaStreamTrack, choice: BackgroundChoice): Promise<MediaStreamTrack | null> {
    this.backgrounds.push(choice);
    await this.gate;
    if (!this.runs) return null;
    this.output = new FakeTrack("video", `processed-${raw.getSettings().deviceId}`);
    return this.output as unknown as MediaStreamTrack;
  }
  async setBackground(choice: BackgroundChoice): Promise<void> {
    this.backgrounds.push(choice);
  }
  setPaused(paused: boolean): void {
    this.paused = paused;
  }
  close(): void {
    this.closed = true;
    this.output?.stop();
  }
}

function setup({
  getUserMedia = grantingGetUserMedia().getUserMedia,
  getDisplayMedia,
  storage = memoryStorage(),
  cleans = false,
  effectsRun = true,
  holdEffects = false,
}: {
  getUserMedia?: GetUserMedia;
  getDisplayMedia?: MediaDevices["getDisplayMedia"];
  storage?: ReturnType<typeof memoryStorage>;
  cleans?: boolean;
  effectsRun?: boolean;
  holdEffects?: boolean;
} = {}) {
  const store = createRoomStore("k7fq-2m9x-p4tz-8hwn");
  const devices = Object.assign(new EventTarget(), {
    getUserMedia,
    getDisplayMedia,
  }) as unknown as MediaDevices;
  const replaced: MediaStreamTrack[] = [];
  const screens: (MediaStream | null)[] = [];
  let inCall = true;
  const events: LocalMediaEvents = {
    trackReplaced: (track) => void replaced.push(track),
    screenChanged: (screen) => void screens.push(screen),
    mayShareScreen: () => inCall,
  };
  const cleaners: FakeCleaner[] = [];
  const effects: FakeEffect[] = [];
  const media = new LocalMediaController(store, events, {
    mediaDevices: () => devices,
    storage,
    createCleaner: () => {
      const cleaner = new FakeCleaner(cleans);
      cleaners.push(cleaner);
      return cleaner;
    },
    createEffect: (stopped) => {
      const effect = new FakeEffect(effectsRun, holdEffects, stopped);
      effects.push(effect);
      return effect;
    },
  });
  return { store, media, replaced, screens, storage, cleaners, effects, leaveCall: () => (inCall = false) };
}

beforeEach(() => vi.stubGlobal("MediaStream", FakeMediaStream));
afterEach(() => vi.unstubAllGlobals());

const tracksOf = (stream: MediaStream | null) => (stream?.getTracks() ?? []) as unknown as FakeTrack[];

describe("LocalMediaController: asking for the camera and microphone", () => {
  it("asks once however often it is asked, and puts both devices in the store, on", async () => {
    const { getUserMedia } = grantingGetUserMedia();
    const { store, media } = setup({ getUserMedia });
    await Promise.all([media.acquire(), media.acquire()]);
    expect(getUserMedia).toHaveBeenCalledTimes(1);
    const state = store.getState();
    expect(state.mediaStatus).toBe("ready");
    expect(state.audio).toEqual({ available: true, enabled: true, problem: null });
    expect(state.video).toEqual({ available: true, enabled: true, problem: null });
  });

  it("asks for the devices chosen last time, as ideal so a missing one gives way to the default", async () => {
    const { getUserMedia } = grantingGetUserMedia();
    const storage = memoryStorage({ "parley:devices": JSON.stringify({ video: "cam-2", speaker: "spk-2" }) });
    const { store, media } = setup({ getUserMedia, storage });
    await media.acquire();
    const constraints = getUserMedia.mock.calls[0]?.[0];
    expect(constraints?.video).toMatchObject({ deviceId: { ideal: "cam-2" } });
    expect(constraints?.audio).toBe(true);
    expect(store.getState().speakerId).toBe("spk-2");
  });

  it("lets go of media that arrives after the page stopped, and starts afresh when asked again", async () => {
    const first = deferredGetUserMedia();
    const { store, media } = setup({ getUserMedia: first.getUserMedia });
    const late = media.acquire();
    media.stop();
    const stale = new FakeMediaStream([new FakeTrack("audio"), new FakeTrack("video")]);
    first.resolve(stale);
    await late;
    expect(stale.getTracks().map((track) => track.readyState)).toEqual(["ended", "ended"]);
    expect(store.getState().localStream).toBeNull();

    // React's development mode mounts the page twice: the second mount gets media of its own.
    const fresh = new FakeMediaStream([new FakeTrack("video")]);
    first.getUserMedia.mockResolvedValueOnce(asMediaStream(fresh));
    await media.acquire();
    expect(store.getState().localStream).toBe(asMediaStream(fresh));
  });

  it("says which device failed, and keeps the other", async () => {
    const getUserMedia = vi.fn<GetUserMedia>(async (constraints) => {
      if (constraints?.video) throw mediaError("NotAllowedError");
      return asMediaStream(new FakeMediaStream([new FakeTrack("audio")]));
    });
    const { store, media } = setup({ getUserMedia });
    await media.acquire();
    expect(store.getState().video).toEqual({ available: false, enabled: false, problem: "blocked" });
    expect(store.getState().audio.available).toBe(true);
  });
});

describe("LocalMediaController: toggles and devices", () => {
  it("mutes by disabling the track, keeping it, and says so in the store", async () => {
    const { store, media } = setup();
    await media.acquire();
    const [audio] = tracksOf(store.getState().localStream).filter((t) => t.kind === "audio");
    media.toggle("audio");
    expect(audio?.enabled).toBe(false);
    expect(audio?.readyState).toBe("live");
    expect(store.getState().audio.enabled).toBe(false);
    media.toggle("audio");
    expect(store.getState().audio.enabled).toBe(true);
  });

  it("switches camera, hands the new track to the calls, stops the old one and remembers the choice", async () => {
    const { store, media, replaced, storage } = setup();
    await media.acquire();
    const [oldCamera] = tracksOf(store.getState().localStream).filter((t) => t.kind === "video");
    media.toggle("video");

    await media.switchDevice("video", "cam-2");

    const [camera] = tracksOf(store.getState().localStream).filter((t) => t.kind === "video");
    expect(camera?.deviceId).toBe("cam-2");
    // Switched while off, it stays off.
    expect(camera?.enabled).toBe(false);
    expect(replaced).toEqual([camera]);
    expect(oldCamera?.readyState).toBe("ended");
    expect(new DeviceMemory(storage).preferred()).toEqual({ video: "cam-2" });
  });

  it("keeps the current device when the new one will not start, and says which", async () => {
    const granting = grantingGetUserMedia();
    const { store, media, replaced } = setup({ getUserMedia: granting.getUserMedia });
    await media.acquire();
    store.getState().actions.setDevices({
      microphones: [{ id: "mic-2", label: "USB microphone" }],
      cameras: [],
      speakers: [],
    });
    granting.getUserMedia.mockRejectedValueOnce(mediaError("NotReadableError"));
    const before = store.getState().localStream;

    await media.switchDevice("audio", "mic-2");

    expect(store.getState().localStream).toBe(before);
    expect(replaced).toEqual([]);
    expect(store.getState().notice).toMatch(/Couldn't switch to the microphone "USB microphone"/);
  });

  it("flips to the back camera, and says so when there is none", async () => {
    const granting = grantingGetUserMedia();
    const { store, media, replaced } = setup({ getUserMedia: granting.getUserMedia });
    await media.acquire();
    await media.flipCamera();
    expect(granting.getUserMedia.mock.calls.at(-1)?.[0]?.video).toMatchObject({
      facingMode: { exact: "environment" },
    });
    expect(replaced.map((track) => track.kind)).toEqual(["video"]);

    granting.getUserMedia.mockRejectedValueOnce(mediaError("OverconstrainedError"));
    await media.flipCamera();
    expect(replaced).toHaveLength(1);
    expect(store.getState().notice).toMatch(/^Couldn't switch to the back camera/);
  });

  it("falls back to the default device when the one in use is unplugged, and forgets a gone speaker", async () => {
    const { store, media, replaced } = setup();
    await media.acquire();
    media.chooseSpeaker("spk-1");
    const [microphone] = tracksOf(store.getState().localStream).filter((t) => t.kind === "audio");
    microphone?.endFromBrowser();

    media.devicesListed({ microphones: [{ id: "mic-9", label: "Built-in" }], cameras: [], speakers: [] });
    await vi.waitFor(() => expect(replaced).toHaveLength(1));

    expect(replaced[0]?.kind).toBe("audio");
    expect(store.getState().speakerId).toBeNull();
    expect(store.getState().devices.microphones).toEqual([{ id: "mic-9", label: "Built-in" }]);
  });
});

describe("LocalMediaController: the shared screen", () => {
  const display = () => {
    const track = new FakeTrack("video", "screen");
    const getDisplayMedia = vi.fn(async () => asMediaStream(new FakeMediaStream([track])));
    return { track, getDisplayMedia };
  };

  it("shares it for text, and ends it when the browser's own Stop sharing is pressed", async () => {
    const { track, getDisplayMedia } = display();
    const { store, media, screens } = setup({ getDisplayMedia });
    await media.shareScreen(describeScreenShareProblem);
    expect(track.contentHint).toBe("detail");
    expect(store.getState().screen).not.toBeNull();

    track.endFromBrowser();

    expect(store.getState().screen).toBeNull();
    expect(screens.map((screen) => screen !== null)).toEqual([true, false]);
  });

  it("lets go of a screen picked after the page left the call", async () => {
    const { track, getDisplayMedia } = display();
    const { store, media, screens, leaveCall } = setup({ getDisplayMedia });
    const sharing = media.shareScreen(describeScreenShareProblem);
    leaveCall();
    await sharing;
    expect(track.readyState).toBe("ended");
    expect(store.getState().screen).toBeNull();
    expect(screens).toEqual([]);
  });

  it("says nothing when the picker is closed, and why when the browser cannot share", async () => {
    const closed = vi.fn(async () => Promise.reject(mediaError("NotAllowedError")));
    const { store, media } = setup({ getDisplayMedia: closed });
    await media.shareScreen(describeScreenShareProblem);
    expect(store.getState().notice).toBeNull();

    const none = setup();
    await none.media.shareScreen(describeScreenShareProblem);
    expect(none.store.getState().notice).toBe("This browser can't share a screen.");
  });

  it("stops camera, microphone and screen together when the page closes", async () => {
    const { track, getDisplayMedia } = display();
    const { store, media } = setup({ getDisplayMedia });
    await media.acquire();
    await media.shareScreen(describeScreenShareProblem);
    const tracks = tracksOf(store.getState().localStream);
    media.stop();
    expect([...tracks, track].map((t) => t.readyState)).toEqual(["ended", "ended", "ended"]);
  });
});

describe("DeviceMemory", () => {
  it("ignores what it cannot read as its own, and forgets a choice set back to the default", () => {
    const storage = memoryStorage({ "parley:devices": "{not json" });
    const memory = new DeviceMemory(storage);
    expect(memory.preferred()).toEqual({});
    storage.setItem("parley:devices", JSON.stringify({ video: 42, audio: "x".repeat(300) }));
    expect(memory.preferred()).toEqual({});

    memory.remember("audio", "mic-2");
    memory.remember("video", "cam-2");
    memory.remember("audio", null);
    expect(memory.preferred()).toEqual({ video: "cam-2" });
  });

  it("works without storage at all (blocked by the browser)", () => {
    const memory = new DeviceMemory(null);
    memory.remember("video", "cam-2");
    expect(memory.preferred()).toEqual({});
  });
});

describe("LocalMediaController: noise suppression", () => {
  const audioInUse = (store: ReturnType<typeof setup>["store"]) =>
    tracksOf(store.getState().localStream).find((track) => track.kind === "audio");

  it("sends the cleaned microphone, keeping the raw one live behind it and naming its device", async () => {
    const { store, media, replaced } = setup({ cleans: true });
    await media.acquire();
    await vi.waitFor(() => expect(audioInUse(store)?.deviceId).toBe("cleaned-default-audio"));
    expect(replaced.map((track) => track.getSettings().deviceId)).toEqual(["cleaned-default-audio"]);
    expect(store.getState().inputs.audio).toBe("default-audio");

    // Muting mutes what is sent.
    media.toggle("audio");
    expect(audioInUse(store)?.enabled).toBe(false);
  });

  it("goes back to the raw microphone when turned off, and cleans it again when turned on", async () => {
    const { store, media, cleaners } = setup({ cleans: true });
    await media.acquire();
    await vi.waitFor(() => expect(audioInUse(store)?.deviceId).toBe("cleaned-default-audio"));

    media.setNoiseSuppression(false);
    await vi.waitFor(() => expect(audioInUse(store)?.deviceId).toBe("default-audio"));
    expect(cleaners[0]?.closed).toBe(true);
    expect(audioInUse(store)?.readyState).toBe("live");

    media.setNoiseSuppression(true);
    await vi.waitFor(() => expect(audioInUse(store)?.deviceId).toBe("cleaned-default-audio"));
    expect(cleaners).toHaveLength(2);
  });

  it("cleans a newly chosen microphone and lets go of the old one, raw and cleaned", async () => {
    const granting = grantingGetUserMedia();
    const { store, media, cleaners } = setup({ cleans: true, getUserMedia: granting.getUserMedia });
    await media.acquire();
    await vi.waitFor(() => expect(audioInUse(store)?.deviceId).toBe("cleaned-default-audio"));
    const oldRaw = granting.granted[0]?.getAudioTracks()[0];

    await media.switchDevice("audio", "mic-2");
    await vi.waitFor(() => expect(audioInUse(store)?.deviceId).toBe("cleaned-mic-2"));
    expect(oldRaw?.readyState).toBe("ended");
    expect(cleaners[0]?.closed).toBe(true);
    expect(cleaners[0]?.output?.readyState).toBe("ended");
    expect(store.getState().inputs.audio).toBe("mic-2");
  });

  it("is remembered off for the next meeting, which then never starts it", async () => {
    const first = setup({ cleans: true });
    await first.media.acquire();
    first.media.setNoiseSuppression(false);

    const next = setup({ cleans: true, storage: first.storage });
    await next.media.acquire();
    await Promise.resolve();
    expect(next.store.getState().noiseSuppression).toBe(false);
    expect(next.cleaners).toEqual([]);
    expect(audioInUse(next.store)?.deviceId).toBe("default-audio");
  });

  it("leaves the raw microphone (and the browser's own suppression) where it cannot run", async () => {
    const { store, media, replaced } = setup({ cleans: false });
    await media.acquire();
    await Promise.resolve();
    expect(audioInUse(store)?.deviceId).toBe("default-audio");
    expect(replaced).toEqual([]);
  });

  it("notices the raw microphone unplugged even while the cleaned copy lives on", async () => {
    const granting = grantingGetUserMedia();
    const { store, media, cleaners } = setup({ cleans: true, getUserMedia: granting.getUserMedia });
    await media.acquire();
    await vi.waitFor(() => expect(audioInUse(store)?.deviceId).toBe("cleaned-default-audio"));
    granting.granted[0]?.getAudioTracks()[0]?.endFromBrowser();

    media.devicesListed({ microphones: [], cameras: [], speakers: [] });

    await vi.waitFor(() => expect(cleaners).toHaveLength(2));
    expect(granting.getUserMedia.mock.calls.at(-1)?.[0]).toEqual({ audio: true });
    await vi.waitFor(() => expect(audioInUse(store)).toBe(cleaners[1]?.output));
  });
});

describe("LocalMediaController: background effects", () => {
  const videoInUse = (store: ReturnType<typeof setup>["store"]) =>
    tracksOf(store.getState().localStream).find((track) => track.kind === "video");

  it("sends the processed camera once it runs, keeping the raw one behind it and naming its device", async () => {
    const { store, media, replaced, effects, storage } = setup();
    await media.acquire();
    await media.setBackground({ kind: "blur" });
    expect(videoInUse(store)?.deviceId).toBe("processed-default-video");
    expect(replaced.map((track) => track.getSettings().deviceId)).toEqual(["processed-default-video"]);
    expect(store.getState().inputs.video).toBe("default-video");
    expect(store.getState().background).toEqual({ kind: "blur" });
    expect(store.getState().backgroundStarting).toBe(false);
    expect(effects[0]?.backgrounds).toEqual([{ kind: "blur" }]);
    expect(new DeviceMemory(storage).preferred().background).toEqual({ kind: "blur" });
  });

  it("changes the picture without a new track, and sends the raw camera again on No effect", async () => {
    const { store, media, replaced, effects } = setup();
    await media.acquire();
    await media.setBackground({ kind: "blur" });
    await media.setBackground({ kind: "image", id: "dusk" });
    expect(effects).toHaveLength(1);
    expect(effects[0]?.backgrounds.at(-1)).toEqual({ kind: "image", id: "dusk" });
    expect(replaced).toHaveLength(1);

    await media.setBackground({ kind: "none" });
    expect(videoInUse(store)?.deviceId).toBe("default-video");
    expect(videoInUse(store)?.readyState).toBe("live");
    expect(effects[0]?.closed).toBe(true);
    expect(effects[0]?.output?.readyState).toBe("ended");
  });

  it("turns itself off and says so when the device cannot keep up, remembered for next time", async () => {
    const { store, media, effects, storage } = setup();
    await media.acquire();
    await media.setBackground({ kind: "blur" });
    effects[0]?.stop("slow");
    await vi.waitFor(() => expect(videoInUse(store)?.deviceId).toBe("default-video"));
    expect(store.getState().notice).toMatch(/turned off: this device couldn't keep up/);
    expect(store.getState().background).toEqual({ kind: "none" });
    expect(effects[0]?.closed).toBe(true);
    expect(new DeviceMemory(storage).preferred().background).toEqual({ kind: "none" });
  });

  it("says so where it cannot start, and the camera goes out as it is", async () => {
    const { store, media, replaced, effects } = setup({ effectsRun: false });
    await media.acquire();
    await media.setBackground({ kind: "blur" });
    expect(store.getState().notice).toMatch(/couldn't start in this browser/);
    expect(store.getState().background).toEqual({ kind: "none" });
    expect(videoInUse(store)?.deviceId).toBe("default-video");
    expect(replaced).toEqual([]);
    expect(effects[0]?.closed).toBe(true);
  });

  it("starts the remembered background in the next meeting", async () => {
    const storage = memoryStorage({
      "parley:devices": JSON.stringify({ background: { kind: "image", id: "meadow" } }),
    });
    const { store, media, effects } = setup({ storage });
    await media.acquire();
    await vi.waitFor(() => expect(videoInUse(store)?.deviceId).toBe("processed-default-video"));
    expect(effects[0]?.backgrounds).toEqual([{ kind: "image", id: "meadow" }]);
  });

  it("sends a newly chosen camera processed, never bare, and lets go of the old one, raw and processed", async () => {
    const granting = grantingGetUserMedia();
    const { store, media, replaced, effects } = setup({ getUserMedia: granting.getUserMedia });
    await media.acquire();
    await media.setBackground({ kind: "blur" });
    const oldRaw = granting.granted[0]?.getVideoTracks()[0];

    await media.switchDevice("video", "cam-2");

    expect(replaced.map((track) => track.getSettings().deviceId)).toEqual([
      "processed-default-video",
      "processed-cam-2",
    ]);
    expect(oldRaw?.readyState).toBe("ended");
    expect(effects[0]?.output?.readyState).toBe("ended");
    expect(store.getState().inputs.video).toBe("cam-2");
  });

  it("rests while the camera is off, and works again when it is on", async () => {
    const granting = grantingGetUserMedia();
    const { store, media, effects } = setup({ getUserMedia: granting.getUserMedia });
    await media.acquire();
    await media.setBackground({ kind: "blur" });
    media.toggle("video");
    expect(effects[0]?.paused).toBe(true);
    expect(videoInUse(store)?.enabled).toBe(false);
    expect(granting.granted[0]?.getVideoTracks()[0]?.enabled).toBe(false);
    media.toggle("video");
    expect(effects[0]?.paused).toBe(false);
  });

  it("uses a picture of the person's own without remembering it", async () => {
    const { store, media, storage } = setup();
    await media.acquire();
    await media.setBackground({ kind: "blur" });
    const upload = { kind: "upload", name: "beach.jpg", image: {} as ImageBitmap } as const;
    await media.setBackground(upload);
    expect(store.getState().background).toBe(upload);
    expect(new DeviceMemory(storage).preferred().background).toBeUndefined();
  });

  it("drops an effect still starting when No effect is chosen meanwhile", async () => {
    const { store, media, replaced, effects } = setup({ holdEffects: true });
    await media.acquire();
    const blur = media.setBackground({ kind: "blur" });
    expect(store.getState().backgroundStarting).toBe(true);
    await media.setBackground({ kind: "none" });
    effects[0]?.release();
    await blur;
    expect(effects[0]?.closed).toBe(true);
    expect(replaced).toEqual([]);
    expect(videoInUse(store)?.deviceId).toBe("default-video");
    expect(store.getState().background).toEqual({ kind: "none" });
    expect(store.getState().backgroundStarting).toBe(false);
  });
});
