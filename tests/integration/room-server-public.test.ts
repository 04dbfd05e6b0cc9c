/**
 * The room server as the internet sees it, over a real `partykit dev`: which pages may create and
 * join meetings, how fast one address may create them, and meetings that expire.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRoomId } from "../../lib/room-id";
import { RoomClient } from "../support/room-client";
import { startPartyServer, type RunningServer } from "../support/servers";

const APP = "http://127.0.0.1:3000";
const ELSEWHERE = "https://elsewhere.example";

function meetingUrl(host: string, roomId = createRoomId()): string {
  return `http://${host}/parties/main/${roomId}`;
}

function create(host: string, headers: Record<string, string> = {}, roomId = createRoomId()) {
  return fetch(meetingUrl(host, roomId), { method: "POST", headers });
}

async function exists(host: string, roomId: string): Promise<boolean> {
  return (await fetch(meetingUrl(host, roomId))).status === 200;
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Not so within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("a room server with no app origin configured (local development)", () => {
  let party: RunningServer;
  // The limits as deployed, not the raised ones other tests create their meetings under.
  beforeAll(async () => {
    party = await startPartyServer({ vars: { PARLEY_CREATE_PER_MINUTE: "", PARLEY_CREATE_PER_DAY: "" } });
  });
  afterAll(() => party.stop());

  it("creates a meeting for a page of the app, which may read the answer", async () => {
    const response = await create(party.host, { Origin: APP, "cf-connecting-ip": "198.51.100.10" });
    expect(response.status).toBe(201);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe(APP);
    expect(await response.json()).toMatchObject({ hostKey: expect.any(String) });
  });

  it("refuses another site's page, which can read nothing, and no meeting is made", async () => {
    const roomId = createRoomId();
    const response = await create(
      party.host,
      { Origin: ELSEWHERE, "cf-connecting-ip": "198.51.100.11" },
      roomId,
    );
    expect(response.status).toBe(403);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBeNull();
    expect((await response.json()).error).toContain("only from Parley's own pages");
    expect(await exists(party.host, roomId)).toBe(false);

    const preflight = await fetch(meetingUrl(party.host), {
      method: "OPTIONS",
      headers: { Origin: ELSEWHERE },
    });
    expect(preflight.status).toBe(403);
    const ownPreflight = await fetch(meetingUrl(party.host), { method: "OPTIONS", headers: { Origin: APP } });
    expect(ownPreflight.status).toBe(204);
    expect(ownPreflight.headers.get("Access-Control-Allow-Methods")).toContain("POST");
  });

  it("lets the app's pages connect to a meeting, and refuses another site's", async () => {
    const roomId = createRoomId();
    expect((await create(party.host, { "cf-connecting-ip": "198.51.100.12" }, roomId)).status).toBe(201);
    const own = await RoomClient.connect(party.host, roomId, APP);
    await own.next("roster");
    own.close();
    await expect(RoomClient.connect(party.host, roomId, ELSEWHERE)).rejects.toThrow(/403/);
  });

  it("refuses the 11th creation in a minute from one address, saying when to retry; others still create", async () => {
    const address = { "cf-connecting-ip": "203.0.113.20" };
    for (let i = 0; i < 10; i++) expect((await create(party.host, address)).status).toBe(201);

    const refusedId = createRoomId();
    const refused = await create(party.host, { ...address, Origin: APP }, refusedId);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The app's page can read when to try again.
    expect(refused.headers.get("Access-Control-Expose-Headers")).toContain("Retry-After");
    expect(await exists(party.host, refusedId)).toBe(false);

    expect((await create(party.host, { "cf-connecting-ip": "203.0.113.21" })).status).toBe(201);
    // An IPv6 client is counted by its /64: another address in it is the same client.
    const v6 = (n: number) => ({ "cf-connecting-ip": `2001:db8:7:7::${n}` });
    for (let i = 0; i < 10; i++) expect((await create(party.host, v6(i + 1))).status).toBe(201);
    expect((await create(party.host, v6(99))).status).toBe(429);
  });

  it("keeps the counter out of reach: nobody can spend another address's allowance", async () => {
    const limiter = `http://${party.host}/parties/limiter/203.0.113.30`;
    expect((await fetch(limiter, { method: "POST" })).status).toBe(404);
  });
});

describe("a deployed room server's settings", () => {
  let party: RunningServer;
  // Meetings expire 3.5 s after the last join, so the test can watch one go.
  const EXPIRY_MS = 3456;
  beforeAll(async () => {
    party = await startPartyServer({
      vars: {
        PARLEY_APP_ORIGIN: "https://parley.example, https://meet.parley.example",
        PARLEY_MEETING_EXPIRY_DAYS: String(EXPIRY_MS / 86_400_000),
      },
    });
  });
  afterAll(() => party.stop());

  it("accepts exactly the configured app origins", async () => {
    expect((await create(party.host, { Origin: "https://meet.parley.example" })).status).toBe(201);
    expect((await create(party.host, { Origin: APP })).status).toBe(403);
  });

  it("deletes a meeting nobody has joined for its expiry, storage and all: even after a restart it is gone", async () => {
    const roomId = createRoomId();
    expect((await create(party.host, {}, roomId)).status).toBe(201);
    const ada = await RoomClient.connect(party.host, roomId);
    await ada.join("Ada");
    ada.send({ type: "leave" });
    ada.close();

    await eventually(async () => !(await exists(party.host, roomId)), 20_000);
    await party.halt();
    await party.resume();
    expect(await exists(party.host, roomId)).toBe(false);
    const late = await RoomClient.connect(party.host, roomId);
    expect(await late.next("error")).toMatchObject({ code: "room-not-found", fatal: true });
    expect(await late.closed()).toBe(4004);
  });

  it("keeps a meeting while someone is in it, past its expiry", async () => {
    const roomId = createRoomId();
    expect((await create(party.host, {}, roomId)).status).toBe(201);
    const ada = await RoomClient.connect(party.host, roomId);
    await ada.join("Ada");
    await new Promise((resolve) => setTimeout(resolve, 3 * EXPIRY_MS));
    expect(await exists(party.host, roomId)).toBe(true);
    expect(ada.closeCode).toBeNull();
    ada.close();
  });
});
