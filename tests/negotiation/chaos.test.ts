/**
 * Chaos: real RoomSessions (the whole client: join, resume, reload, mesh, perfect negotiation, with
 * real peer connections) against the real Room class, through random schedules of joins, leaves,
 * reloads of anyone, one member's connection cut for a while, and the server restarting. After each
 * schedule settles, within a bound: every present pair is connected with media both ways, and every
 * page agrees with the server on who is here.
 *
 * Seeded and replayable: PARLEY_CHAOS_SEEDS=17,42 runs those; a failure prints its seed and steps.
 */
import { describe, expect, it } from "vitest";
import wrtc from "@roamhq/wrtc";
import { RoomSession } from "@/lib/call/room-session";
import { Mesh } from "@/lib/rtc/mesh";
import { createRoomStore, type RoomStore } from "@/lib/store/room-store";
import { MemoryRoomServer, type MemoryClientSocket } from "../support/memory-room-server";
import { between, pick, seededRandom, type Random } from "../support/seeded-random";
import { camera, createPeerConnection, withRealPeerConnections } from "../support/wrtc";

withRealPeerConnections({ RTCPeerConnection: wrtc.RTCPeerConnection });

const ROOM_ID = "k7fq-2m9x-p4tz-8hwn";
const DEFAULT_SEEDS = [1, 2, 3];
const SEEDS = (process.env.PARLEY_CHAOS_SEEDS ?? "")
  .split(",")
  .map(Number)
  .filter((seed) => Number.isInteger(seed) && seed > 0);
const STEPS = 7;
const MAX_PRESENT = 4;
/** Connect deadlines (12 s, then longer) with room to spare: a pair stuck for good never gets here. */
const SETTLE_WITHIN_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One browser tab: its storage survives a reload; its page (session, store) does not. */
interface Tab {
  name: string;
  storage: Map<string, string>;
  store: RoomStore;
  session: RoomSession;
  socket: MemoryClientSocket | null;
}

function openPage(server: MemoryRoomServer, name: string, storage: Map<string, string>): Tab {
  const store = createRoomStore(ROOM_ID);
  const tab: Tab = { name, storage, store, session: null as unknown as RoomSession, socket: null };
  tab.session = new RoomSession({
    roomId: ROOM_ID,
    partyHost: "memory",
    store,
    storage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => storage.set(key, value) },
    openSocket: () => (tab.socket = server.openSocket()),
    createTransport: (options) => new Mesh({ ...options, createPeerConnection }),
  });
  tab.session.connect();
  store.getState().actions.setLocalMedia({ stream: camera(), audioProblem: null, videoProblem: null });
  return tab;
}

/** The pre-join screen once it knows who is here: a reloaded page goes back in by itself. */
async function enter(tab: Tab): Promise<void> {
  const ready = () => tab.store.getState().connection === "open" && tab.store.getState().capacity !== null;
  for (let i = 0; i < 200 && !ready(); i++) await sleep(25);
  if (!tab.session.prepareToJoin()) tab.session.join(tab.name);
}

/**
 * The page goes away. A browser stops its camera with it; this binding can crash when a track is
 * stopped while connections wind down, so the page lets go of it without stopping it.
 */
function closePage(tab: Tab, how: "leave" | "unload"): void {
  tab.store.getState().actions.setLocalMedia({ stream: null, audioProblem: null, videoProblem: null });
  if (how === "leave") tab.session.leave();
  else tab.session.dispose();
}

function problems(server: MemoryRoomServer, tabs: Tab[]): string[] {
  const present = server.participants.map((p) => p.id).sort();
  const found: string[] = [];
  for (const tab of tabs) {
    const state = tab.store.getState();
    if (state.phase !== "in-call" || !state.self) {
      found.push(`${tab.name} is ${state.phase}`);
      continue;
    }
    const seen = state.participants.map((p) => p.id).sort();
    if (JSON.stringify(seen) !== JSON.stringify(present))
      found.push(`${tab.name} sees ${seen.length} of ${present.length}`);
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

type Step = (context: {
  server: MemoryRoomServer;
  tabs: Tab[];
  random: Random;
  log: string[];
}) => Promise<void>;

const steps: Record<string, Step> = {
  join: async ({ server, tabs, random, log }) => {
    if (tabs.length >= MAX_PRESENT) return;
    const name = `P${between(random, 100, 999)}`;
    log.push(`join ${name}`);
    const tab = openPage(server, name, new Map());
    tabs.push(tab);
    await enter(tab);
  },
  leave: async ({ tabs, random, log }) => {
    if (tabs.length <= 2) return;
    const tab = pick(random, tabs);
    log.push(`leave ${tab.name}`);
    closePage(tab, "leave");
    tabs.splice(tabs.indexOf(tab), 1);
  },
  reload: async ({ server, tabs, random, log }) => {
    const tab = pick(random, tabs);
    log.push(`reload ${tab.name}`);
    closePage(tab, "unload");
    const again = openPage(server, tab.name, tab.storage);
    tabs.splice(tabs.indexOf(tab), 1, again);
    await enter(again);
  },
  cut: async ({ tabs, random, log }) => {
    const tab = pick(random, tabs);
    const ms = between(random, 500, 4000);
    log.push(`cut ${tab.name} ${ms} ms`);
    tab.socket?.cut(ms);
  },
  restart: async ({ server, random, log }) => {
    const ms = between(random, 300, 3000);
    log.push(`restart ${ms} ms`);
    await server.restart(ms);
  },
  pause: async ({ random, log }) => {
    const ms = between(random, 0, 1500);
    log.push(`pause ${ms} ms`);
    await sleep(ms);
  },
};

async function runSchedule(seed: number): Promise<void> {
  const random = seededRandom(seed);
  const server = new MemoryRoomServer();
  const tabs: Tab[] = [];
  const log: string[] = [];
  try {
    for (const name of ["Ada", "Bea"]) {
      const tab = openPage(server, name, new Map());
      tabs.push(tab);
      await enter(tab);
    }
    for (let n = 0; n < STEPS; n++) {
      const step = pick(random, Object.keys(steps));
      await steps[step]!({ server, tabs, random, log });
      // Steps that follow one another at once are the interesting ones; some get a moment between.
      if (random() < 0.5) await sleep(between(random, 0, 800));
    }
    console.log(`chaos seed ${seed}: ${log.join(", ")}`);
    let remaining: string[] = [];
    const deadline = Date.now() + SETTLE_WITHIN_MS;
    do {
      await sleep(250);
      remaining = problems(server, tabs);
    } while (remaining.length > 0 && Date.now() < deadline);
    expect(remaining, `seed ${seed}: ${log.join(", ")}`).toEqual([]);
  } finally {
    for (const tab of tabs) closePage(tab, "leave");
    server.close();
  }
}

describe("calls under random joins, leaves, reloads, cuts and server restarts", () => {
  for (const seed of SEEDS.length > 0 ? SEEDS : DEFAULT_SEEDS) {
    it(
      `settles with every pair connected (seed ${seed})`,
      () => runSchedule(seed),
      SETTLE_WITHIN_MS + 60_000,
    );
  }
});
