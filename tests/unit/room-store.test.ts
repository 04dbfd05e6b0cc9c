import { afterEach, describe, expect, it, vi } from "vitest";
import type { Participant } from "@/lib/protocol";
import { createRoomStore, NEW_PEER, screenTileId } from "@/lib/store/room-store";
import { FakeMediaStream } from "./components/fake-media";

afterEach(() => vi.unstubAllGlobals());

const ROOM = "k7fq-2m9x-p4tz-8hwn";

const track = (kind: "audio" | "video", enabled = true) => ({ kind, enabled }) as MediaStreamTrack;
const streamOf = (...tracks: MediaStreamTrack[]) => ({ getTracks: () => tracks }) as unknown as MediaStream;
const person = (id: string, joinOrder: number): Participant => ({ id, name: id.toUpperCase(), joinOrder });

describe("createRoomStore", () => {
  it("starts before joining, with no devices and no peers", () => {
    const state = createRoomStore(ROOM).getState();
    expect(state).toMatchObject({
      roomId: ROOM,
      connection: "connecting",
      phase: "prejoin",
      self: null,
      participants: [],
      mediaStatus: "idle",
      localStream: null,
      audio: { available: false, enabled: false, problem: null },
      video: { available: false, enabled: false, problem: null },
      peers: {},
    });
  });

  it("derives each device from the tracks of the local stream", () => {
    const store = createRoomStore(ROOM);
    const stream = streamOf(track("audio"), track("video", false));
    store.getState().actions.setLocalMedia({ stream, audioProblem: null, videoProblem: null });
    const state = store.getState();
    expect(state.mediaStatus).toBe("ready");
    expect(state.localStream).toBe(stream);
    expect(state.audio).toEqual({ available: true, enabled: true, problem: null });
    expect(state.video).toEqual({ available: true, enabled: false, problem: null });
  });

  it("marks a device without a track unavailable and keeps its problem", () => {
    const store = createRoomStore(ROOM);
    store.getState().actions.setLocalMedia({
      stream: streamOf(track("audio")),
      audioProblem: null,
      videoProblem: "blocked",
    });
    expect(store.getState().audio.available).toBe(true);
    expect(store.getState().video).toEqual({ available: false, enabled: false, problem: "blocked" });
  });

  it("marks both devices unavailable when there is no stream", () => {
    const store = createRoomStore(ROOM);
    store.getState().actions.setLocalMedia({ stream: null, audioProblem: "missing", videoProblem: "busy" });
    expect(store.getState().audio).toEqual({ available: false, enabled: false, problem: "missing" });
    expect(store.getState().video).toEqual({ available: false, enabled: false, problem: "busy" });
  });

  it("turns an available device on and off", () => {
    const store = createRoomStore(ROOM);
    const { actions } = store.getState();
    actions.setLocalMedia({ stream: streamOf(track("audio")), audioProblem: null, videoProblem: null });
    actions.setDeviceEnabled("audio", false);
    expect(store.getState().audio).toEqual({ available: true, enabled: false, problem: null });
    actions.setDeviceEnabled("audio", true);
    expect(store.getState().audio.enabled).toBe(true);
  });

  it("ignores turning on a device that is not available", () => {
    const store = createRoomStore(ROOM);
    const { actions } = store.getState();
    actions.setLocalMedia({ stream: streamOf(track("audio")), audioProblem: null, videoProblem: "blocked" });
    actions.setDeviceEnabled("video", true);
    expect(store.getState().video).toEqual({ available: false, enabled: false, problem: "blocked" });
  });

  it("forgets peers that left the roster and keeps those still present", () => {
    const store = createRoomStore(ROOM);
    const { actions } = store.getState();
    const stream = streamOf(track("video"));
    actions.setPeerStream("a", stream);
    actions.setPeerStatus("b", "connected");
    actions.setRoster([person("a", 0), person("c", 2)], 6);
    const state = store.getState();
    expect(state.participants.map((p) => p.id)).toEqual(["a", "c"]);
    expect(state.capacity).toBe(6);
    expect(state.peers).toEqual({
      a: { stream, screen: null, status: "connecting", retryAt: null, safetyCode: null },
    });
  });

  it("merges a peer's stream and link status in either order", () => {
    const store = createRoomStore(ROOM);
    const { actions } = store.getState();
    const stream = streamOf(track("audio"));
    actions.setPeerStream("a", stream);
    actions.setPeerStatus("a", "reconnecting");
    actions.setPeerStatus("b", "connected");
    actions.setPeerStream("b", stream);
    expect(store.getState().peers).toEqual({
      a: { stream, screen: null, status: "reconnecting", retryAt: null, safetyCode: null },
      b: { stream, screen: null, status: "connected", retryAt: null, safetyCode: null },
    });
    expect(NEW_PEER).toEqual({
      stream: null,
      screen: null,
      status: "connecting",
      retryAt: null,
      safetyCode: null,
    });
  });

  it("shows a screen someone starts sharing large, and goes back to the grid when it ends", () => {
    const store = createRoomStore(ROOM);
    const { actions } = store.getState();
    actions.setRoster([person("a", 0), person("b", 1)], 6);
    const screen = streamOf(track("video"));
    actions.setPeerScreen("a", screen);
    expect(store.getState().peers.a?.screen).toBe(screen);
    expect(store.getState().pinnedId).toBe(screenTileId("a"));
    // A second screen does not take the spotlight from the first.
    actions.setPeerScreen("b", streamOf(track("video")));
    expect(store.getState().pinnedId).toBe(screenTileId("a"));
    actions.setPeerScreen("a", null);
    expect(store.getState().pinnedId).toBeNull();
    expect(store.getState().peers.a?.screen).toBeNull();
  });

  it("leaves a spotlight the person chose alone when a screen starts or ends", () => {
    const store = createRoomStore(ROOM);
    const { actions } = store.getState();
    actions.setRoster([person("a", 0), person("b", 1)], 6);
    actions.togglePin("b");
    actions.setPeerScreen("a", streamOf(track("video")));
    expect(store.getState().pinnedId).toBe("b");
    actions.setPeerScreen("a", null);
    expect(store.getState().pinnedId).toBe("b");
  });

  it("drops the spotlight on a screen whose sharer left, and on our own screen when we stop", () => {
    const store = createRoomStore(ROOM);
    const { actions } = store.getState();
    actions.setRoster([person("a", 0), person("b", 1)], 6);
    actions.setSelf(person("b", 1));
    actions.setPeerScreen("a", streamOf(track("video")));
    actions.setRoster([person("b", 1)], 6);
    expect(store.getState().pinnedId).toBeNull();

    const ownScreen = streamOf(track("video"));
    actions.setScreen(ownScreen);
    actions.togglePin(screenTileId("b"));
    expect(store.getState().screen).toBe(ownScreen);
    actions.setScreen(null);
    expect(store.getState().pinnedId).toBeNull();
    expect(store.getState().screen).toBeNull();
  });

  it("keeps the objects of people a roster does not change, so their tiles need no new render", () => {
    const store = createRoomStore(ROOM);
    const { actions } = store.getState();
    actions.setRoster([person("a", 0), person("b", 1)], 6);
    actions.setPeerStatus("a", "connected");
    const before = store.getState();
    actions.setRoster([person("a", 0), person("b", 1)], 6);
    expect(store.getState().participants).toBe(before.participants);
    expect(store.getState().peers).toBe(before.peers);

    actions.setRoster([person("a", 0), { ...person("b", 1), handRaisedAt: 5 }, person("c", 2)], 6);
    const after = store.getState();
    expect(after.participants[0]).toBe(before.participants[0]);
    expect(after.participants[1]).toEqual({ ...person("b", 1), handRaisedAt: 5 });
    expect(after.participants).toHaveLength(3);
    expect(after.peers).toBe(before.peers);
    actions.setRoster([person("b", 1)], 6);
    expect(store.getState().peers).toEqual({});

    // The server's word on who we are, the same as what the page showed ahead of it, changes nothing.
    actions.setSelf(person("b", 1));
    const self = store.getState().self;
    actions.setSelf(person("b", 1));
    expect(store.getState().self).toBe(self);
    actions.setSelf({ ...person("b", 1), host: true });
    expect(store.getState().self).toEqual({ ...person("b", 1), host: true });
  });

  it("replaces a local track with a new stream, keeping the device on or off as it was", () => {
    vi.stubGlobal("MediaStream", FakeMediaStream);
    const store = createRoomStore(ROOM);
    const { actions } = store.getState();
    const [microphone, camera] = [track("audio"), track("video")];
    const original = streamOf(microphone, camera);
    actions.setLocalMedia({ stream: original, audioProblem: null, videoProblem: null });
    actions.setDeviceEnabled("video", false);
    const newCamera = track("video");
    const replaced = actions.replaceLocalTrack("video", newCamera);
    expect(replaced).not.toBe(original);
    expect(store.getState().localStream).toBe(replaced);
    expect(replaced.getTracks()).toEqual([microphone, newCamera]);
    expect(newCamera.enabled).toBe(false);
    expect(store.getState().video).toEqual({ available: true, enabled: false, problem: null });
  });

  it("makes a device available when one arrives where there was none", () => {
    vi.stubGlobal("MediaStream", FakeMediaStream);
    const store = createRoomStore(ROOM);
    const { actions } = store.getState();
    actions.setLocalMedia({ stream: streamOf(track("audio")), audioProblem: null, videoProblem: "missing" });
    const camera = track("video");
    camera.enabled = false;
    actions.replaceLocalTrack("video", camera);
    expect(camera.enabled).toBe(true);
    expect(store.getState().video).toEqual({ available: true, enabled: true, problem: null });
  });

  it("clears every peer at once", () => {
    const store = createRoomStore(ROOM);
    store.getState().actions.setPeerStatus("a", "connected");
    store.getState().actions.clearPeers();
    expect(store.getState().peers).toEqual({});
  });

  it("gives each meeting its own state", () => {
    const first = createRoomStore(ROOM);
    const second = createRoomStore("2222-3333-4444-5555");
    first.getState().actions.setPhase("in-call");
    first.getState().actions.setPeerStatus("a", "connected");
    first.getState().actions.setRoster([person("a", 0)], 4);
    expect(second.getState()).toMatchObject({
      roomId: "2222-3333-4444-5555",
      phase: "prejoin",
      participants: [],
      capacity: null,
      peers: {},
    });
    expect(first.getState().phase).toBe("in-call");
  });
});

describe("who is speaking", () => {
  it("keeps the speaking set, and an active speaker only while they are in the meeting", () => {
    const store = createRoomStore(ROOM);
    const { actions } = store.getState();
    actions.setRoster([person("a", 0), person("b", 1)], 6);
    actions.setSpeaking("b", true);
    const before = store.getState().speaking;
    actions.setSpeaking("b", true);
    // Nothing changed, so nothing re-renders.
    expect(store.getState().speaking).toBe(before);
    expect(store.getState().speaking).toEqual({ b: true });
    actions.setSpeaking("b", false);
    expect(store.getState().speaking).toEqual({});

    actions.setActiveSpeaker("b");
    expect(store.getState().activeSpeakerId).toBe("b");
    actions.setActiveSpeaker("stranger");
    expect(store.getState().activeSpeakerId).toBe("b");
    actions.setRoster([person("a", 0)], 6);
    expect(store.getState().activeSpeakerId).toBeNull();
  });
});
