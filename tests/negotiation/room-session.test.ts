/**
 * The whole client (RoomSession: join, resume, mesh, perfect negotiation, real peer connections)
 * against the real Room class in memory, in the situations that once left two people without media.
 */
import wrtc from "@roamhq/wrtc";
import { afterEach, describe, expect, it } from "vitest";
import { closePage, enter, openPage, problems, type Tab } from "../support/memory-tabs";
import { MemoryRoomServer } from "../support/memory-room-server";
import { withRealPeerConnections } from "../support/wrtc";

withRealPeerConnections({ RTCPeerConnection: wrtc.RTCPeerConnection });

const TIMEOUT = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: MemoryRoomServer;
let tabs: Tab[] = [];
afterEach(() => {
  for (const tab of tabs) closePage(tab, "leave");
  tabs = [];
  server?.close();
});

/** A new tab on the meeting page, still on its pre-join screen. */
function open(name: string): Tab {
  const tab = openPage(server, name, new Map());
  tabs.push(tab);
  return tab;
}

async function join(name: string): Promise<Tab> {
  const tab = open(name);
  await enter(tab);
  return tab;
}

async function reload(tab: Tab): Promise<Tab> {
  closePage(tab, "unload");
  const again = openPage(server, tab.name, tab.storage);
  tabs.splice(tabs.indexOf(tab), 1, again);
  await enter(again);
  return again;
}

/** Waits for every present pair to be connected with media both ways; returns what is still wrong. */
async function settled(withinMs = 45_000): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  let remaining = problems(server, tabs);
  while (remaining.length > 0 && Date.now() < deadline) {
    await sleep(200);
    remaining = problems(server, tabs);
  }
  return remaining;
}

describe("RoomSession with the real room server", () => {
  it(
    "goes back in by itself after a reload, dialling nobody until the server has said who it is",
    async () => {
      server = new MemoryRoomServer();
      const ada = await join("Ada");
      await join("Bea");
      expect(await settled()).toEqual([]);
      const adaId = ada.store.getState().self?.id;

      const again = await reload(ada);
      expect(await settled()).toEqual([]);
      expect(again.store.getState().self?.id).toBe(adaId);
      const trace = again.socket?.trace ?? [];
      expect(trace.indexOf("out:signal")).toBeGreaterThan(trace.indexOf("in:joined"));
    },
    TIMEOUT,
  );

  it(
    "dials ahead on a first join: its offers follow the join on the socket, before the answer to it",
    async () => {
      server = new MemoryRoomServer();
      await join("Ada");
      const bea = await join("Bea");
      expect(await settled()).toEqual([]);
      const trace = bea.socket?.trace ?? [];
      expect(trace.indexOf("out:signal")).toBeGreaterThan(trace.indexOf("out:join"));
      expect(trace.indexOf("out:signal")).toBeLessThan(trace.indexOf("in:joined"));
    },
    TIMEOUT,
  );

  it(
    "brings the creator back after three reloads in a row, as the same participant",
    async () => {
      server = new MemoryRoomServer();
      let ada = await join("Ada");
      await join("Bea");
      expect(await settled()).toEqual([]);
      for (let n = 0; n < 3; n++) ada = await reload(ada);
      expect(await settled()).toEqual([]);
      expect(server.participants.map((p) => p.name)).toEqual(["Ada", "Bea"]);
    },
    TIMEOUT,
  );

  it(
    "connects someone who joins while a member is cut off from the server, once that member is back",
    async () => {
      server = new MemoryRoomServer();
      const ada = await join("Ada");
      await join("Bea");
      expect(await settled()).toEqual([]);
      ada.socket?.cut(3000);
      await join("Cleo");
      expect(await settled()).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "goes back in as soon as the network is back, as the same participant, not at the end of the socket's backoff",
    async () => {
      server = new MemoryRoomServer();
      await join("Ada");
      const bea = await join("Bea");
      expect(await settled()).toEqual([]);
      const beaId = bea.store.getState().self?.id;
      // The network goes; this socket would not get through again for half a minute.
      bea.socket?.cut(30_000);
      while (bea.store.getState().connection !== "reconnecting") await sleep(10);

      bea.network.dispatchEvent(new Event("online"));
      const back = Date.now() + 2000;
      while (bea.store.getState().connection !== "open" && Date.now() < back) await sleep(10);
      expect(bea.store.getState().connection).toBe("open");
      expect(await settled()).toEqual([]);
      expect(bea.store.getState().self?.id).toBe(beaId);
      expect(server.participants.map((p) => p.name)).toEqual(["Ada", "Bea"]);
    },
    TIMEOUT,
  );

  it(
    "connects someone who joins right after the room server restarted under a call",
    async () => {
      server = new MemoryRoomServer();
      await join("Ada");
      await join("Bea");
      expect(await settled()).toEqual([]);
      await server.restart(1000);
      await join("Cleo");
      expect(await settled()).toEqual([]);
      expect(server.participants.map((p) => p.name)).toEqual(["Ada", "Bea", "Cleo"]);
    },
    TIMEOUT,
  );

  it(
    "keeps the page in the call while its connection comes back, and the store only ever hears from the session",
    async () => {
      server = new MemoryRoomServer();
      await join("Ada");
      const bea = await join("Bea");
      expect(await settled()).toEqual([]);
      const phases: string[] = [];
      const stop = bea.store.subscribe((state, previous) => {
        if (state.phase !== previous.phase) phases.push(state.phase);
      });
      bea.socket?.cut(1000);
      await sleep(100);
      expect(bea.store.getState().connection).toBe("reconnecting");
      expect(bea.store.getState().phase).toBe("in-call");
      expect(await settled()).toEqual([]);
      stop();
      expect(phases).toEqual([]);
    },
    TIMEOUT,
  );
});

describe("RoomSession joining with calls connected ahead", () => {
  it(
    "shows the call from the press, as the participant the server promised the visit, and is admitted as that one",
    async () => {
      server = new MemoryRoomServer();
      await join("Ada");
      const bea = open("Bea");
      // The pre-join screen, ready: it calls everyone there ahead, and the server promises it a place.
      while (bea.store.getState().participants.length === 0) await sleep(10);
      while (!bea.peerConnections.some((pc) => pc.connectionState === "connected")) {
        bea.session.prepareToJoin();
        await sleep(10);
      }
      expect(bea.socket?.trace).toContain("in:arriving");

      bea.session.join("Bea");
      // At once, before any answer from the server: the call screen, with Bea in it.
      const shown = bea.store.getState();
      expect(shown.phase).toBe("in-call");
      expect(shown.self).toMatchObject({ name: "Bea", joinOrder: 1 });
      expect(bea.socket?.trace).not.toContain("in:joined");

      expect(await settled()).toEqual([]);
      // The server's word is the participant shown from the press: the same object, nothing redrawn.
      expect(bea.store.getState().self).toBe(shown.self);
      expect(server.participants.map((p) => p.name)).toEqual(["Ada", "Bea"]);
    },
    TIMEOUT,
  );

  it(
    "stays on the pre-join screen until the server answers when no call was connected ahead",
    async () => {
      server = new MemoryRoomServer();
      const ada = open("Ada");
      while (!ada.socket?.trace.includes("in:roster")) await sleep(10);

      ada.session.join("Ada");
      expect(ada.store.getState().phase).toBe("joining");
      expect(ada.store.getState().self).toBeNull();
      while (ada.store.getState().phase !== "in-call") await sleep(10);
      expect(ada.store.getState().self?.name).toBe("Ada");
    },
    TIMEOUT,
  );
});
