/**
 * Call state for one meeting page. A factory, not a module-level store: each page (and each test) gets
 * its own, so nothing leaks between meetings, server renders or tests.
 */
import { createStore } from "zustand/vanilla";
import type { ChatMessage, ErrorCode, Knock, MediaRoute, Participant, Presence, Reaction } from "../protocol";
import { NO_DEVICES, type DeviceLists, type MediaKind } from "../rtc/devices";
import type { MediaProblem } from "../rtc/local-media";
import type { LinkStatus } from "../rtc/peer-link";
import { NO_BACKGROUND, type BackgroundChoice } from "../media/background/choice";
import { keepUnchanged } from "./keep-unchanged";

/** "reconnecting" covers both a dropped socket and one that has not opened after its first try. */
export type ConnectionStatus = "connecting" | "open" | "reconnecting" | "closed";
export type SidePanel = "chat" | "participants" | "files" | "settings";
/** The even grid of everyone, or the person speaking large with the others in a strip. */
export type CallLayout = "grid" | "speaker";
/** "knocking": asked to join a locked meeting, waiting for a host to answer. */
export type CallPhase = "prejoin" | "joining" | "knocking" | "in-call" | "left";

export interface RoomProblem {
  code: ErrorCode;
  message: string;
}

export interface DeviceState {
  available: boolean;
  enabled: boolean;
  problem: MediaProblem | null;
}

export interface PeerView {
  stream: MediaStream | null;
  /** Read aloud by both people to check nobody is in between; known once connected. */
  safetyCode: string | null;
  /** Their shared screen, while they share one. */
  screen: MediaStream | null;
  status: LinkStatus;
  /** While the call is not getting through: when the next attempt starts (ms since the epoch). */
  retryAt: number | null;
}

export type TransferState =
  "offered" | "waiting" | "sending" | "receiving" | "done" | "declined" | "cancelled" | "failed";

/** One file on its way to or from one person, as the files panel shows it. */
export interface TransferView {
  id: string;
  direction: "outgoing" | "incoming";
  peerId: string;
  peerName: string;
  name: string;
  size: number;
  state: TransferState;
  bytes: number;
  bytesPerSecond: number | null;
  /** A received and verified file, ready to save. */
  url: string | null;
  /** What went wrong, for a failed transfer. */
  problem: string | null;
}

/** Someone's reaction, floating over their tile for a few seconds. */
export interface ReactionView {
  id: number;
  from: string;
  reaction: Reaction;
}

/** A shared screen is a tile of its own, beside its sharer's camera. */
export const screenTileId = (participantId: string) => `${participantId}:screen`;

export interface RoomState {
  roomId: string;
  connection: ConnectionStatus;
  phase: CallPhase;
  self: Participant | null;
  participants: Participant[];
  capacity: number | null;
  /** Newcomers knock and wait for a host while this is true. */
  locked: boolean;
  /** Peer to peer, or through the SFU: which the room server chose for this meeting's media. */
  route: MediaRoute;
  /** For a host: who is knocking. */
  knocks: Knock[];
  /** While knocking: whether a host is in the meeting to answer (null until the server says). */
  hostPresent: boolean | null;
  /** Our hand is up. */
  handRaised: boolean;
  /** We are recording the meeting on this device. */
  recording: boolean;
  /** Reactions showing now, oldest first. */
  reactions: ReactionView[];
  /** Ends the meeting page: not found, out-of-date client. */
  fatalError: RoomProblem | null;
  /** Stops a join but leaves the page usable: a full room, a server that does not answer. */
  joinError: RoomProblem | null;
  mediaStatus: "idle" | "requesting" | "ready";
  localStream: MediaStream | null;
  /** Our shared screen, while we share one. */
  screen: MediaStream | null;
  /** Something the person should know about an action that did not work (sharing the screen...). */
  notice: string | null;
  audio: DeviceState;
  video: DeviceState;
  /** Cameras, microphones and speakers to choose from, kept current as devices come and go. */
  devices: DeviceLists;
  /** Where others' audio plays; null is the system's default. */
  speakerId: string | null;
  /** The camera and microphone in use, by device id, for the pickers. */
  inputs: Record<MediaKind, string | null>;
  /** RNNoise on the microphone (on by default); off leaves the browser's own suppression. */
  noiseSuppression: boolean;
  /** What shows behind this person on camera, and whether that is still starting. */
  background: BackgroundChoice;
  backgroundStarting: boolean;
  peers: Record<string, PeerView>;
  chat: ChatMessage[];
  /** One side panel at a time, as in Meet: the chat or the participant list. */
  sidePanel: SidePanel | null;
  /** The tile shown large (the spotlight), the others in a strip; null is the even grid. */
  pinnedId: string | null;
  layout: CallLayout;
  /** Everyone whose voice is heard right now (ourselves included), by participant id. */
  speaking: Record<string, true>;
  /** The other person the speaker view shows: the one talking, or the last who did. */
  activeSpeakerId: string | null;
  /** Messages from others that arrived while the chat panel was closed. */
  unreadChat: number;
  /** File transfers of this meeting, oldest first. */
  transfers: TransferView[];
  /** The stats overlay on every remote tile, for the curious. */
  showStats: boolean;
}

export interface RoomActions {
  setConnection(connection: ConnectionStatus): void;
  setPhase(phase: CallPhase): void;
  setRoster(participants: Participant[], capacity: number, locked?: boolean, route?: MediaRoute): void;
  setKnocks(knocks: Knock[]): void;
  setHostPresent(hostPresent: boolean): void;
  setHandRaised(handRaised: boolean): void;
  setRecording(recording: boolean): void;
  /** Shows a reaction; returns its id, to take it away when its time is up. */
  addReaction(from: string, reaction: Reaction): number;
  removeReaction(id: number): void;
  setSelf(self: Participant | null): void;
  setFatalError(error: RoomProblem): void;
  setJoinError(error: RoomProblem | null): void;
  setMediaRequesting(): void;
  setLocalMedia(media: {
    stream: MediaStream | null;
    audioProblem: MediaProblem | null;
    videoProblem: MediaProblem | null;
  }): void;
  setDeviceEnabled(kind: MediaKind, enabled: boolean): void;
  /** Puts a new camera or microphone track in place of the old one, keeping it on or off as it was. */
  replaceLocalTrack(kind: MediaKind, track: MediaStreamTrack): MediaStream;
  setDevices(devices: DeviceLists): void;
  setSpeaker(speakerId: string | null): void;
  setInputs(inputs: Record<MediaKind, string | null>): void;
  setNoiseSuppression(on: boolean): void;
  setBackground(background: BackgroundChoice, starting?: boolean): void;
  setShowStats(showStats: boolean): void;
  setPeerStream(peerId: string, stream: MediaStream): void;
  setPeerStatus(peerId: string, status: LinkStatus, retryAt?: number | null): void;
  setPeerSafetyCode(peerId: string, safetyCode: string): void;
  setPeerScreen(peerId: string, screen: MediaStream | null): void;
  setScreen(screen: MediaStream | null): void;
  setNotice(notice: string | null): void;
  clearPeers(): void;
  setChatHistory(messages: ChatMessage[]): void;
  receiveChat(message: ChatMessage): void;
  setSidePanel(panel: SidePanel | null): void;
  togglePin(tileId: string): void;
  setLayout(layout: CallLayout): void;
  setSpeaking(participantId: string, speaking: boolean): void;
  setActiveSpeaker(participantId: string | null): void;
  addTransfer(transfer: TransferView): void;
  updateTransfer(id: string, change: Partial<Omit<TransferView, "id">>): void;
  removeTransfer(id: string): void;
}

export type RoomStoreState = RoomState & { actions: RoomActions };
export type RoomStore = ReturnType<typeof createRoomStore>;

/** A long meeting's chat stays readable without growing the page's memory for ever. */
const CHAT_KEPT = 500;
/** Reactions on screen at once: past this the oldest goes, so a burst from many people stays readable. */
export const REACTIONS_SHOWN = 20;
const NO_DEVICE: DeviceState = { available: false, enabled: false, problem: null };
/** Shared, so selectors that fall back to it return the same object and do not re-render. */
export const NEW_PEER: PeerView = {
  stream: null,
  screen: null,
  status: "connecting",
  retryAt: null,
  safetyCode: null,
};

export function createRoomStore(roomId: string) {
  let reactionCount = 0;
  return createStore<RoomStoreState>()((set, get) => ({
    roomId,
    connection: "connecting",
    phase: "prejoin",
    self: null,
    participants: [],
    capacity: null,
    locked: false,
    route: "mesh",
    knocks: [],
    hostPresent: null,
    handRaised: false,
    recording: false,
    reactions: [],
    fatalError: null,
    joinError: null,
    mediaStatus: "idle",
    localStream: null,
    screen: null,
    notice: null,
    audio: NO_DEVICE,
    video: NO_DEVICE,
    devices: NO_DEVICES,
    speakerId: null,
    inputs: { audio: null, video: null },
    noiseSuppression: true,
    background: NO_BACKGROUND,
    backgroundStarting: false,
    peers: {},
    chat: [],
    sidePanel: null,
    pinnedId: null,
    layout: "grid",
    speaking: {},
    activeSpeakerId: null,
    unreadChat: 0,
    transfers: [],
    showStats: false,
    actions: {
      setConnection: (connection) => set({ connection }),
      setPhase: (phase) => set({ phase }),
      setRoster: (roster, capacity, locked = false, route = "mesh") =>
        set((state) => {
          const participants = keepUnchanged(state.participants, roster);
          return {
            participants,
            capacity,
            locked,
            route,
            peers: keepPeersIn(state.peers, participants),
            // Someone who left can no longer be the spotlight, nor can their screen.
            pinnedId: participants.some(
              (p) => p.id === state.pinnedId || screenTileId(p.id) === state.pinnedId,
            )
              ? state.pinnedId
              : null,
            activeSpeakerId: participants.some((p) => p.id === state.activeSpeakerId)
              ? state.activeSpeakerId
              : null,
          };
        }),
      setKnocks: (knocks) =>
        set((state) => ({
          knocks,
          // Someone new at the door needs an answer: show who, unless another panel is in use.
          sidePanel:
            knocks.some((knock) => !state.knocks.some((known) => known.id === knock.id)) && !state.sidePanel
              ? "participants"
              : state.sidePanel,
        })),
      setHostPresent: (hostPresent) => set({ hostPresent }),
      setHandRaised: (handRaised) => set({ handRaised }),
      setRecording: (recording) => set({ recording }),
      addReaction: (from, reaction) => {
        const id = ++reactionCount;
        set((state) => ({ reactions: [...state.reactions, { id, from, reaction }].slice(-REACTIONS_SHOWN) }));
        return id;
      },
      removeReaction: (id) => set((state) => ({ reactions: state.reactions.filter((r) => r.id !== id) })),
      setSelf: (self) => set((state) => ({ self: keepUnchanged(state.self, self) })),
      setFatalError: (fatalError) => set({ fatalError }),
      setJoinError: (joinError) => set({ joinError }),
      setMediaRequesting: () => set({ mediaStatus: "requesting" }),
      setLocalMedia: ({ stream, audioProblem, videoProblem }) =>
        set({
          mediaStatus: "ready",
          localStream: stream,
          audio: deviceState(stream, "audio", audioProblem),
          video: deviceState(stream, "video", videoProblem),
        }),
      setDeviceEnabled: (kind, enabled) =>
        set((state) => (state[kind].available ? { [kind]: { ...state[kind], enabled } } : {})),
      replaceLocalTrack: (kind, track) => {
        const state = get();
        const device = state[kind];
        track.enabled = device.available ? device.enabled : true;
        const kept = state.localStream?.getTracks().filter((t) => t.kind !== kind) ?? [];
        // A new stream, not the old one changed: whatever shows or listens to it picks the change up.
        const localStream = new MediaStream([...kept, track]);
        set({ localStream, [kind]: { available: true, enabled: track.enabled, problem: null } });
        return localStream;
      },
      setDevices: (devices) => set({ devices }),
      setSpeaker: (speakerId) => set({ speakerId }),
      setInputs: (inputs) => set({ inputs }),
      setNoiseSuppression: (noiseSuppression) => set({ noiseSuppression }),
      setBackground: (background, starting = false) => set({ background, backgroundStarting: starting }),
      setShowStats: (showStats) => set({ showStats }),
      setPeerStream: (peerId, stream) => set((state) => withPeer(state, peerId, { stream })),
      setPeerStatus: (peerId, status, retryAt = null) =>
        set((state) => withPeer(state, peerId, { status, retryAt })),
      setPeerSafetyCode: (peerId, safetyCode) => set((state) => withPeer(state, peerId, { safetyCode })),
      setPeerScreen: (peerId, screen) =>
        set((state) => {
          const tileId = screenTileId(peerId);
          // A screen someone starts sharing is shown large, unless the person chose a spotlight
          // themselves; when it ends, the view goes back to what it was.
          const pinnedId = screen
            ? (state.pinnedId ?? tileId)
            : state.pinnedId === tileId
              ? null
              : state.pinnedId;
          return { ...withPeer(state, peerId, { screen }), pinnedId };
        }),
      setScreen: (screen) =>
        set((state) => ({
          screen,
          pinnedId:
            !screen && state.self && state.pinnedId === screenTileId(state.self.id) ? null : state.pinnedId,
        })),
      setNotice: (notice) => set({ notice }),
      clearPeers: () => set({ peers: {} }),
      setChatHistory: (chat) => set({ chat: chat.slice(-CHAT_KEPT) }),
      receiveChat: (message) =>
        set((state) => ({
          chat: [...state.chat, message].slice(-CHAT_KEPT),
          unreadChat:
            state.sidePanel === "chat" || message.from === state.self?.id
              ? state.unreadChat
              : state.unreadChat + 1,
        })),
      addTransfer: (transfer) =>
        set((state) => ({
          transfers: [...state.transfers, transfer],
          // A file someone offers needs an answer: show it, unless another panel is in use.
          sidePanel: transfer.state === "offered" ? (state.sidePanel ?? "files") : state.sidePanel,
        })),
      updateTransfer: (id, change) =>
        set((state) => ({
          transfers: state.transfers.map((transfer) =>
            transfer.id === id ? { ...transfer, ...change } : transfer,
          ),
        })),
      removeTransfer: (id) => set((state) => ({ transfers: state.transfers.filter((t) => t.id !== id) })),
      togglePin: (tileId) => set((state) => ({ pinnedId: state.pinnedId === tileId ? null : tileId })),
      setLayout: (layout) => set({ layout }),
      setSpeaking: (participantId, speaking) =>
        set((state) => {
          if (speaking === (state.speaking[participantId] === true)) return {};
          const { [participantId]: _was, ...others } = state.speaking;
          return { speaking: speaking ? { ...others, [participantId]: true } : others };
        }),
      setActiveSpeaker: (activeSpeakerId) =>
        set((state) =>
          activeSpeakerId === null || state.participants.some((p) => p.id === activeSpeakerId)
            ? { activeSpeakerId }
            : {},
        ),
      setSidePanel: (sidePanel) =>
        set((state) => ({ sidePanel, unreadChat: sidePanel === "chat" ? 0 : state.unreadChat })),
    },
  }));
}

/** What this page says of itself to everyone: see `presenceSchema`. */
export function selfPresence({ audio, video, handRaised, recording }: RoomState): Presence {
  return {
    audioOff: !(audio.available && audio.enabled),
    videoOff: !(video.available && video.enabled),
    handRaised,
    recording,
  };
}

function deviceState(stream: MediaStream | null, kind: "audio" | "video", problem: MediaProblem | null) {
  const track = stream?.getTracks().find((t) => t.kind === kind);
  return track ? { available: true, enabled: track.enabled, problem: null } : { ...NO_DEVICE, problem };
}

/** The peers with one of them changed (or added, from its defaults). */
function withPeer(state: RoomState, peerId: string, change: Partial<PeerView>): Pick<RoomState, "peers"> {
  return { peers: { ...state.peers, [peerId]: { ...(state.peers[peerId] ?? NEW_PEER), ...change } } };
}

/** The same object when everyone in it is still present, so that a roster with no one gone changes nothing. */
function keepPeersIn(peers: Record<string, PeerView>, participants: Participant[]) {
  const present = new Set(participants.map((p) => p.id));
  const kept = Object.entries(peers).filter(([id]) => present.has(id));
  return kept.length === Object.keys(peers).length ? peers : Object.fromEntries(kept);
}
