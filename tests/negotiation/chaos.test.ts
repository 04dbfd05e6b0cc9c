/**
 * Chaos: real RoomSessions (the whole client: join, resume, reload, mesh, perfect negotiation, with
 * real peer connections) against the real Room class, through random schedules of joins, leaves,
 * reloads of anyone, one member's connection cut for a while, a page too busy to keep up (everything
 * reaches it seconds late), and the server restarting, over a network whose every frame takes its own
 * time (in order, as on a WebSocket). After each schedule settles, within a bound:
 * every present pair is connected with media both ways, and every page agrees with the server on who
 * is here.
 *
 * Seeded and replayable (see chaosSeeds): every run prints its seed and steps.
 */
import { describe, expect, it } from "vitest";
import wrtc from "@roamhq/wrtc";
import { closePage, enter, openPage, problems, type Tab } from "../support/memory-tabs";
import { MemoryRoomServer } from "../support/memory-room-server";
import { between, chaosSeeds, pick, seededRandom, type Random } from "../support/seeded-random";
import { withRealPeerConnections } from "../support/wrtc";

withRealPeerConnections({ RTCPeerConnection: wrtc.RTCPeerConnection });
const SEEDS = chaosSeeds([1, 2, 3, 4]);
const STEPS = 7;
const MAX_PRESENT = 4;
/** Connect deadlines (12 s, then longer) with room to spare: a pair stuck for good never gets here. */
const SETTLE_WITHIN_MS = 60_000;
const NETWORK_SEED_MASK = 0x2545f491;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  busy: async ({ tabs, random, log }) => {
    const tab = pick(random, tabs);
    const [lateMs, forMs] = [between(random, 1000, 8000), between(random, 2000, 10_000)];
    log.push(`busy ${tab.name} ${lateMs} ms late for ${forMs} ms`);
    tab.socket?.busy(lateMs, forMs);
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
  // The network's delays come from a generator of their own, so the steps stay those of the seed.
  const server = new MemoryRoomServer(undefined, null, seededRandom(seed ^ NETWORK_SEED_MASK));
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

describe("calls under random joins, leaves, reloads, cuts, busy pages and server restarts", () => {
  for (const seed of SEEDS) {
    it(
      `settles with every pair connected (seed ${seed})`,
      () => runSchedule(seed),
      SETTLE_WITHIN_MS + 60_000,
    );
  }
});
