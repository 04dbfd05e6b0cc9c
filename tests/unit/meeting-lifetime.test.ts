/**
 * The PartyKit adapter over a Durable Object's storage kept in memory, with the clock and timers
 * faked: when a meeting's alarm is set, what ringing it does, and that an idle meeting runs nothing.
 */
import type * as Party from "partykit/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PROTOCOL_VERSION } from "@/lib/protocol";
import ParleyServer, { SWEEP_EVERY_MS } from "@/party/index";
import { createRoomId } from "@/lib/room-id";
import { readMeetingExpiryMs } from "@/party/meeting-expiry";
import { CLOSE_ROOM_NOT_FOUND, RESUME_GRACE_MS, SILENT_CONNECTION_MS } from "@/party/room";
import { MemorySocket } from "./memory-socket";

const DAY_MS = 24 * 60 * 60 * 1000;
const MEETING = createRoomId();

/** A Durable Object's storage as far as the adapter uses it, alarm included. */
class MemoryStorage {
  readonly values = new Map<string, unknown>();
  alarm: number | null = null;

  async get(keys: string | string[]): Promise<unknown> {
    if (typeof keys === "string") return structuredClone(this.values.get(keys));
    const found = new Map<string, unknown>();
    for (const key of keys) if (this.values.has(key)) found.set(key, structuredClone(this.values.get(key)));
    return found;
  }

  async put(entries: string | Record<string, unknown>, value?: unknown): Promise<void> {
    const pairs = typeof entries === "string" ? [[entries, value] as const] : Object.entries(entries);
    for (const [key, stored] of pairs) this.values.set(key, structuredClone(stored));
  }

  async setAlarm(at: number): Promise<void> {
    this.alarm = at;
  }

  async getAlarm(): Promise<number | null> {
    return this.alarm;
  }

  async deleteAll(): Promise<void> {
    this.values.clear();
  }
}

/**
 * One Durable Object's life: a server over the storage, started as PartyKit starts one. `woken` is a
 * room its alarm woke: PartyKit gives it no id, then or later (reading it throws).
 */
async function start(storage: MemoryStorage, env: Record<string, unknown> = {}, { woken = false } = {}) {
  const room = {
    get id(): string {
      if (woken) throw new Error("Party.id is not yet initialized.");
      return MEETING;
    },
    env,
    storage,
  } as unknown as Party.Room;
  const server = new ParleyServer(room);
  await server.onStart();
  return server;
}

const request = (method: string) =>
  new Request(`http://room.test/parties/main/${MEETING}`, { method }) as unknown as Party.Request;

async function connect(server: ParleyServer, name?: string) {
  const socket = new MemorySocket(`s-${Math.random()}`);
  server.onConnect(socket as unknown as Party.Connection);
  await vi.advanceTimersByTimeAsync(0);
  if (name) {
    server.onMessage(
      JSON.stringify({ type: "join", version: PROTOCOL_VERSION, name }),
      socket as unknown as Party.Connection,
    );
  }
  await vi.advanceTimersByTimeAsync(0);
  return socket;
}

describe("a meeting's lifetime on the room server", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sets its alarm a whole expiry after it is created, and again after each join", async () => {
    const storage = new MemoryStorage();
    const server = await start(storage);
    expect((await server.onRequest(request("POST"))).status).toBe(201);
    expect(storage.alarm).toBe(Date.now() + 30 * DAY_MS);

    vi.setSystemTime(Date.now() + DAY_MS);
    await connect(server, "Ada");
    expect(storage.alarm).toBe(Date.now() + 30 * DAY_MS);
  });

  it("deletes everything it kept when the alarm rings and nobody is in it; its code then finds nothing", async () => {
    const storage = new MemoryStorage();
    const server = await start(storage);
    await server.onRequest(request("POST"));
    const ada = await connect(server, "Ada");
    server.onClose(ada as unknown as Party.Connection);
    expect(storage.values.size).toBeGreaterThan(0);
    await vi.advanceTimersByTimeAsync(RESUME_GRACE_MS + SWEEP_EVERY_MS);
    const watcher = await connect(server);

    await server.onAlarm();

    expect(storage.values.size).toBe(0);
    // Someone on its pre-join screen is told, as for a code that never existed.
    expect(watcher.last("error")).toMatchObject({ code: "room-not-found", fatal: true });
    expect(watcher.closedWith).toBe(CLOSE_ROOM_NOT_FOUND);
    expect((await server.onRequest(request("GET"))).status).toBe(404);
    const late = await connect(server, "Bea");
    expect(late.errors()).toEqual(["room-not-found"]);
    expect(storage.values.size).toBe(0);

    // A restarted server finds nothing of it either.
    const restarted = await start(storage);
    expect((await restarted.onRequest(request("GET"))).status).toBe(404);
  });

  it("keeps nothing of an expired meeting should its code be created again", async () => {
    const storage = new MemoryStorage();
    const server = await start(storage);
    const hostKey = ((await (await server.onRequest(request("POST"))).json()) as { hostKey: string }).hostKey;
    const ada = await connect(server);
    server.onMessage(
      JSON.stringify({ type: "join", version: PROTOCOL_VERSION, name: "Ada", hostKey }),
      ada as unknown as Party.Connection,
    );
    server.onMessage(
      JSON.stringify({ type: "chat", text: "the old secret" }),
      ada as unknown as Party.Connection,
    );
    server.onMessage(JSON.stringify({ type: "lock", locked: true }), ada as unknown as Party.Connection);
    expect(ada.last("roster")?.locked).toBe(true);
    server.onClose(ada as unknown as Party.Connection);
    await vi.advanceTimersByTimeAsync(RESUME_GRACE_MS + SWEEP_EVERY_MS);
    await server.onAlarm();

    expect((await server.onRequest(request("POST"))).status).toBe(201);
    const bea = await connect(server, "Bea");
    expect(bea.last("joined")?.self.host).toBeUndefined();
    expect(bea.last("chat-history")?.messages).toEqual([]);
    expect(bea.last("roster")).toMatchObject({ locked: false, participants: [{ name: "Bea" }] });
  });

  it("keeps a meeting someone is in when its alarm rings, and looks again a whole expiry later", async () => {
    const storage = new MemoryStorage();
    const server = await start(storage, { PARLEY_MEETING_EXPIRY_DAYS: "2" });
    await server.onRequest(request("POST"));
    const ada = await connect(server, "Ada");
    // Two days on, with Ada still connected (her pings are not simulated, so no sweep runs meanwhile).
    vi.setSystemTime(Date.now() + 2 * DAY_MS);

    await server.onAlarm();

    expect(storage.alarm).toBe(Date.now() + 2 * DAY_MS);
    expect(storage.values.get("created")).toBe(true);
    expect(ada.closedWith).toBeNull();
  });

  it("runs no timer once everyone has gone and nobody is left to wait for", async () => {
    const storage = new MemoryStorage();
    const server = await start(storage);
    await server.onRequest(request("POST"));
    expect(vi.getTimerCount()).toBe(0);

    const ada = await connect(server, "Ada");
    expect(vi.getTimerCount()).toBe(1);
    server.onClose(ada as unknown as Party.Connection);
    // Ada keeps her place for the resume grace period, then the sweeps stop.
    await vi.advanceTimersByTimeAsync(RESUME_GRACE_MS + 2 * SWEEP_EVERY_MS);
    expect(vi.getTimerCount()).toBe(0);

    // A visit starts them again, and its end stops them.
    const watcher = await connect(server);
    expect(vi.getTimerCount()).toBe(1);
    server.onClose(watcher as unknown as Party.Connection);
    await vi.advanceTimersByTimeAsync(SWEEP_EVERY_MS);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("sweeps after a restart only while members it restored may still come back", async () => {
    const storage = new MemoryStorage();
    const crashed = await start(storage);
    await crashed.onRequest(request("POST"));
    await connect(crashed, "Ada");

    const restarted = await start(storage, {});
    expect(restarted).not.toBe(crashed);
    // Both servers sweep: the old one until Ada's silent socket is let go, the new one until the
    // grace period Ada had to come back to it has passed.
    await vi.advanceTimersByTimeAsync(SILENT_CONNECTION_MS + 2 * SWEEP_EVERY_MS);
    expect(vi.getTimerCount()).toBe(0);
    expect((await restarted.onRequest(request("GET"))).status).toBe(200);
  });
  it("expires in a room its alarm woke, which has no id, and answers for its code afterwards", async () => {
    const storage = new MemoryStorage();
    await (await start(storage)).onRequest(request("POST"));

    const woken = await start(storage, {}, { woken: true });
    await woken.onAlarm();

    expect(storage.values.size).toBe(0);
    // The same instance then serves a request for the code, which it reads from the address.
    const status = await woken.onRequest(request("GET"));
    expect(status.status).toBe(404);
    expect(await status.json()).toEqual({ id: MEETING, exists: false });
    expect((await woken.onRequest(request("POST"))).status).toBe(201);
  });

  it("waits for someone reconnecting when the alarm rings, then expires once they have not come back", async () => {
    const storage = new MemoryStorage();
    const server = await start(storage);
    await server.onRequest(request("POST"));
    const ada = await connect(server, "Ada");
    server.onClose(ada as unknown as Party.Connection);

    await server.onAlarm();
    expect(storage.values.get("created")).toBe(true);
    expect(storage.alarm).toBe(Date.now() + RESUME_GRACE_MS + SWEEP_EVERY_MS);

    await vi.advanceTimersByTimeAsync(RESUME_GRACE_MS + SWEEP_EVERY_MS);
    await server.onAlarm();
    expect(storage.values.size).toBe(0);
  });

  it("gives a meeting made before meetings expired an alarm when it next starts", async () => {
    const storage = new MemoryStorage();
    await (await start(storage)).onRequest(request("POST"));
    storage.alarm = null;

    await start(storage);

    expect(storage.alarm).toBe(Date.now() + 30 * DAY_MS);
  });
});

describe("the meeting expiry setting", () => {
  it("is 30 days unless configured, in days or fractions of one", () => {
    expect(readMeetingExpiryMs({})).toBe(30 * DAY_MS);
    expect(readMeetingExpiryMs({ PARLEY_MEETING_EXPIRY_DAYS: "7" })).toBe(7 * DAY_MS);
    expect(readMeetingExpiryMs({ PARLEY_MEETING_EXPIRY_DAYS: "0.0001" })).toBe(8640);
  });

  it("refuses a value it cannot use rather than keep meetings for ever", () => {
    for (const bad of ["0", "-3", "forever", "99999"]) {
      expect(() => readMeetingExpiryMs({ PARLEY_MEETING_EXPIRY_DAYS: bad })).toThrow(
        /PARLEY_MEETING_EXPIRY_DAYS/,
      );
    }
  });
});

describe("meeting creations at the edge", () => {
  /** The worker's lobby, with a creation counter that answers `status`. */
  const lobby = (status: number, headers: Record<string, string> = {}) =>
    ({
      env: {},
      parties: { limiter: { get: () => ({ fetch: async () => new Response(null, { status, headers }) }) } },
    }) as unknown as Party.Lobby;
  const post = () =>
    new Request(`http://room.test/parties/main/${MEETING}`, {
      method: "POST",
      headers: { Origin: "http://localhost:3000" },
    }) as unknown as Party.Request;

  it("goes on to the meeting when the counter allows it", async () => {
    const request = post();
    expect(await ParleyServer.onBeforeRequest(request, lobby(204))).toBe(request);
  });

  it("answers 429 with the counter's Retry-After when it refuses", async () => {
    const answer = (await ParleyServer.onBeforeRequest(
      post(),
      lobby(429, { "Retry-After": "37" }),
    )) as Response;
    expect(answer.status).toBe(429);
    expect(answer.headers.get("Retry-After")).toBe("37");
    expect(answer.headers.get("Access-Control-Allow-Origin")).toBe("http://localhost:3000");
  });

  it("creates nothing when the counter cannot answer (misconfigured, say)", async () => {
    const answer = (await ParleyServer.onBeforeRequest(post(), lobby(500))) as Response;
    expect(answer.status).toBe(503);
  });
});
