/**
 * Browser tabs in Node: real RoomSessions (with real peer connections) on a MemoryRoomServer, opened,
 * reloaded and closed as a person would, and a check of what is still wrong with their call.
 */
import { RoomSession } from "@/lib/call/room-session";
import { Mesh } from "@/lib/rtc/mesh";
import { createRoomStore, type RoomStore } from "@/lib/store/room-store";
import type { MemoryClientSocket, MemoryRoomServer } from "./memory-room-server";
import { camera, createPeerConnection } from "./wrtc";

const ROOM_ID = "k7fq-2m9x-p4tz-8hwn";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One browser tab: its storage survives a reload; its page (session, store) does not. */
export interface Tab {
  name: string;
  storage: Map<string, string>;
  store: RoomStore;
  session: RoomSession;
  socket: MemoryClientSocket | null;
  /** The page's window, as far as the network coming back goes ("online"). */
  network: EventTarget;
  /** Every peer connection the page made, open or closed. */
  peerConnections: RTCPeerConnection[];
}

export function openPage(server: MemoryRoomServer, name: string, storage: Map<string, string>): Tab {
  const store = createRoomStore(ROOM_ID);
  const tab: Tab = {
    name,
    storage,
    store,
    session: null as unknown as RoomSession,
    socket: null,
    network: new EventTarget(),
    peerConnections: [],
  };
  tab.session = new RoomSession({
    roomId: ROOM_ID,
    partyHost: "memory",
    store,
    storage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => storage.set(key, value) },
    openSocket: () => (tab.socket = server.openSocket()),
    createTransport: (options) =>
      new Mesh({
        ...options,
        createPeerConnection: (config) => {
          const pc = createPeerConnection(config);
          tab.peerConnections.push(pc);
          return pc;
        },
      }),
    network: tab.network,
  });
  tab.session.connect();
  store.getState().actions.setLocalMedia({ stream: camera(), audioProblem: null, videoProblem: null });
  return tab;
}

/** The pre-join screen once it knows who is here: a reloaded page goes back in by itself. */
export async function enter(tab: Tab): Promise<void> {
  const ready = () => tab.store.getState().connection === "open" && tab.store.getState().capacity !== null;
  for (let i = 0; i < 200 && !ready(); i++) await sleep(25);
  if (!tab.session.prepareToJoin()) tab.session.join(tab.name);
}

/**
 * The page goes away. A browser stops its camera with it; this binding can crash when a track is
 * stopped while connections wind down, so the page lets go of it without stopping it.
 */
export function closePage(tab: Tab, how: "leave" | "unload"): void {
  tab.store.getState().actions.setLocalMedia({ stream: null, audioProblem: null, videoProblem: null });
  if (how === "leave") tab.session.leave();
  else tab.session.dispose();
}

const nameOf = (p: { id: string; name: string }) => `${p.name} (${p.id.slice(0, 8)})`;

export function problems(server: MemoryRoomServer, tabs: Tab[]): string[] {
  const present = server.participants.map((p) => p.id);
  const found: string[] = [];
  for (const tab of tabs) {
    const state = tab.store.getState();
    if (state.phase !== "in-call" || !state.self) {
      found.push(`${tab.name} is ${state.phase}`);
      continue;
    }
    const seen = state.participants.map((p) => p.id);
    const extra = state.participants.filter((p) => !present.includes(p.id)).map(nameOf);
    const missing = server.participants.filter((p) => !seen.includes(p.id)).map(nameOf);
    if (extra.length > 0) found.push(`${tab.name} still sees ${extra.join(", ")}`);
    if (missing.length > 0) found.push(`${tab.name} does not see ${missing.join(", ")}`);
    for (const other of tabs) {
      const id = other.store.getState().self?.id;
      if (!id || id === state.self.id) continue;
      const peer = state.peers[id];
      const kinds = peer?.stream
        ?.getTracks()
        .map((t) => t.kind)
        .sort()
        .join("+");
      if (peer?.status !== "connected" || kinds !== "audio+video") {
        found.push(`${tab.name}->${other.name}: ${peer?.status ?? "no call"} (${kinds ?? "no media"})`);
      }
    }
  }
  return found;
}
