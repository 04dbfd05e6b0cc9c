import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createHostKey, hashHostKey, matchesHostKey } from "@/party/host-key";
import { iceConfigFor, readIceSettings, turnCredentials } from "@/party/ice-config";
import { CLOSE_RATE_LIMITED, CLOSE_REMOVED, MAX_KNOCKS } from "@/party/room";
import type { MemorySocket } from "./memory-socket";
import { names, settle, testRoom } from "./test-room";

const HOST_KEY = createHostKey();

function accessRoom({
  rateLimit = { burst: 1000, perSecond: 1000 },
}: { rateLimit?: { burst: number; perSecond: number } } = {}) {
  const fixture = testRoom({
    capacity: 4,
    hostKey: HOST_KEY,
    rateLimit,
    iceConfig: async (participantId) => ({
      iceServers: participantId
        ? [{ urls: "turn:relay.test", username: participantId, credential: "x" }]
        : [],
      iceTransportPolicy: "all",
      expiresAt: participantId ? 1 : null,
    }),
  });
  const { room, send, tick } = fixture;
  const connect = () => fixture.connect();
  const join = (socket: MemorySocket, name: string, hostKey?: string) =>
    fixture.join(socket, name, hostKey ? { hostKey } : {});
  return { room, connect, send, join, tick };
}

describe("the host key", () => {
  it("makes whoever joins with it the host, and nobody else", () => {
    const { room, connect, join } = accessRoom();
    join(connect(), "Host", HOST_KEY);
    join(connect(), "Guest", createHostKey());
    join(connect(), "Other");
    expect(room.participants.map((p) => [p.name, p.host ?? false])).toEqual([
      ["Host", true],
      ["Guest", false],
      ["Other", false],
    ]);
  });

  it("is kept as a hash that matches only the key itself", () => {
    const key = createHostKey();
    expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(hashHostKey(key)).not.toContain(key);
    expect(matchesHostKey(key, hashHostKey(key))).toBe(true);
    expect(matchesHostKey(`${key}x`, hashHostKey(key))).toBe(false);
    expect(createHostKey()).not.toBe(key);
  });
});

describe("locking a meeting", () => {
  it("makes newcomers knock; the host admits one and denies another", () => {
    const { room, connect, send, join } = accessRoom();
    const host = connect();
    join(host, "Host", HOST_KEY);
    send(host, { type: "lock", locked: true });
    expect(host.last("roster")?.locked).toBe(true);

    const [ada, eve] = [connect(), connect()];
    join(ada, "Ada");
    join(eve, "Eve");
    expect(ada.last("knocking")).toBeDefined();
    expect(names(room)).toEqual(["Host"]);
    const knocks = host.last("knocks")?.knocks ?? [];
    expect(knocks.map((k) => k.name)).toEqual(["Ada", "Eve"]);

    send(host, { type: "admit", id: knocks[0]?.id });
    expect(ada.last("joined")?.self.name).toBe("Ada");
    expect(names(room)).toEqual(["Host", "Ada"]);
    send(host, { type: "deny", id: knocks[1]?.id });
    expect(eve.errors()).toEqual(["denied"]);
    expect(eve.closedWith).toBeNull();
    expect(names(room)).toEqual(["Host", "Ada"]);
    expect(host.last("knocks")?.knocks).toEqual([]);
  });

  it("lets the host in without knocking, and lets everyone waiting in when unlocked", () => {
    const { room, connect, send, join } = accessRoom();
    const host = connect();
    join(host, "Host", HOST_KEY);
    send(host, { type: "lock", locked: true });
    const waiting = connect();
    join(waiting, "Waiting");
    const secondTab = connect();
    join(secondTab, "Host again", HOST_KEY);
    expect(names(room)).toEqual(["Host", "Host again"]);
    // A host who arrives sees who is waiting.
    expect(secondTab.last("knocks")?.knocks.map((k) => k.name)).toEqual(["Waiting"]);

    send(host, { type: "lock", locked: false });
    expect(names(room)).toEqual(["Host", "Host again", "Waiting"]);
    expect(waiting.last("roster")?.locked).toBe(false);
  });

  it("forgets a knocker who leaves or goes away", () => {
    const { connect, send, join } = accessRoom();
    const host = connect();
    join(host, "Host", HOST_KEY);
    send(host, { type: "lock", locked: true });
    const ada = connect();
    join(ada, "Ada");
    send(ada, { type: "leave" });
    expect(host.last("knocks")?.knocks).toEqual([]);
  });

  it("keeps at most MAX_KNOCKS people waiting; one more is told, and a place frees up as one goes", () => {
    const { connect, send, join } = accessRoom();
    const host = connect();
    join(host, "Host", HOST_KEY);
    send(host, { type: "lock", locked: true });
    const waiting = Array.from({ length: MAX_KNOCKS }, (_, i) => {
      const socket = connect();
      join(socket, `Guest ${i}`);
      return socket;
    });
    expect(host.last("knocks")?.knocks).toHaveLength(MAX_KNOCKS);

    const late = connect();
    join(late, "Late");
    expect(late.errors()).toEqual(["waiting-room-full"]);
    expect(late.last("knocking")).toBeUndefined();
    expect(host.last("knocks")?.knocks.map((k) => k.name)).not.toContain("Late");

    send(waiting[0] as MemorySocket, { type: "leave" });
    join(late, "Late");
    expect(late.last("knocking")).toBeDefined();
    expect(host.last("knocks")?.knocks.at(-1)?.name).toBe("Late");
  });
});

describe("host actions", () => {
  it("are refused to anyone without the host key, and change nothing", () => {
    const { room, connect, send, join } = accessRoom();
    const [host, mallory, observer] = [connect(), connect(), connect()];
    join(host, "Host", HOST_KEY);
    join(mallory, "Mallory");
    for (const message of [
      { type: "lock", locked: true },
      { type: "remove", id: "p0" },
      { type: "admit", id: "p9" },
      { type: "deny", id: "p9" },
    ]) {
      send(mallory, message);
      send(observer, message);
    }
    expect(mallory.errors()).toEqual(["not-host", "not-host", "not-host", "not-host"]);
    expect(observer.errors()).toEqual(["not-joined", "not-joined", "not-joined", "not-joined"]);
    expect(names(room)).toEqual(["Host", "Mallory"]);
    expect(host.last("roster")?.locked).toBe(false);
    expect(host.closedWith).toBeNull();
  });

  it("lets the host remove a participant, who is told and let go", () => {
    const { room, connect, send, join } = accessRoom();
    const [host, ada] = [connect(), connect()];
    join(host, "Host", HOST_KEY);
    join(ada, "Ada");
    send(host, { type: "remove", id: "p1" });
    expect(ada.last("error")).toMatchObject({ code: "removed", fatal: true });
    expect(ada.closedWith).toBe(CLOSE_REMOVED);
    expect(names(room)).toEqual(["Host"]);
    // Not themselves, and nobody who is not there.
    send(host, { type: "remove", id: "p0" });
    send(host, { type: "remove", id: "nobody" });
    expect(host.errors()).toEqual(["unknown-participant", "unknown-participant"]);
    expect(names(room)).toEqual(["Host"]);
  });
});

describe("the rate limit", () => {
  it("warns a flooding connection, then lets it go, and the others carry on", () => {
    const { room, connect, send, join, tick } = accessRoom({ rateLimit: { burst: 10, perSecond: 5 } });
    const [ada, flooder] = [connect(), connect()];
    join(ada, "Ada");
    join(flooder, "Flood");
    for (let n = 0; n < 150; n++) send(flooder, { type: "chat", text: `spam ${n}` });
    expect(flooder.errors().filter((code) => code === "rate-limited")).toHaveLength(2);
    expect(flooder.last("error")).toMatchObject({ code: "rate-limited", fatal: true });
    expect(flooder.closedWith).toBe(CLOSE_RATE_LIMITED);
    expect(names(room)).toEqual(["Ada"]);
    // Ada saw only what got through before the limit, and keeps chatting at a human pace.
    const chats = ada.received.filter((m) => m.type === "chat").length;
    expect(chats).toBeLessThanOrEqual(9);
    tick(1000);
    send(ada, { type: "chat", text: "still here" });
    expect(ada.received.filter((m) => m.type === "chat").length).toBe(chats + 1);
    expect(ada.errors()).toEqual([]);
  });

  it("refills with time, so a steady pace is never refused", () => {
    const { connect, send, join, tick } = accessRoom({ rateLimit: { burst: 5, perSecond: 10 } });
    const ada = connect();
    join(ada, "Ada");
    for (let n = 0; n < 100; n++) {
      tick(100);
      send(ada, { type: "presence", presence: { audioOff: n % 2 === 0, videoOff: false } });
    }
    expect(ada.errors()).toEqual([]);
  });
});

describe("ICE servers", () => {
  it("give observers STUN only, members their own TURN credentials, refreshed on request", async () => {
    const { connect, send, join } = accessRoom();
    const ada = connect();
    await settle();
    expect(ada.last("ice-config")).toEqual({
      type: "ice-config",
      iceServers: [],
      iceTransportPolicy: "all",
      expiresAt: null,
    });
    send(ada, { type: "refresh-ice" });
    expect(ada.errors()).toEqual(["not-joined"]);
    join(ada, "Ada");
    await settle();
    expect(ada.last("ice-config")?.iceServers).toEqual([
      { urls: "turn:relay.test", username: "p0", credential: "x" },
    ]);
    const count = ada.received.filter((m) => m.type === "ice-config").length;
    send(ada, { type: "refresh-ice" });
    await settle();
    expect(ada.received.filter((m) => m.type === "ice-config").length).toBe(count + 1);
  });
});

describe("ICE settings on connecting", () => {
  it("reach a page before the roster, so it never dials ahead without the meeting's relay policy", async () => {
    const { connect } = testRoom({
      iceConfig: async () => ({
        iceServers: [{ urls: "turn:relay.test", username: "u", credential: "x" }],
        iceTransportPolicy: "relay",
        expiresAt: 1,
      }),
    });
    const ada = connect();
    expect(ada.received).toEqual([]);
    await settle();
    expect(ada.received.map((message) => message.type).slice(0, 2)).toEqual(["ice-config", "roster"]);
  });

  it("do not hold the roster back when no credentials can be made", async () => {
    const { connect } = testRoom({
      iceConfig: () => Promise.reject(new Error("The relay secret is missing")),
    });
    const ada = connect();
    await settle();
    expect(ada.received.map((message) => message.type)).toEqual(["roster"]);
  });
});

describe("TURN credentials", () => {
  it("follow the TURN REST scheme coturn checks: expiry:id, base64 HMAC-SHA1 of it with the secret", async () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0);
    const { username, credential, expiresAt } = await turnCredentials("s3cret", "p7", 3600, now);
    expect(username).toBe(`${now / 1000 + 3600}:p7`);
    expect(expiresAt).toBe(now + 3600 * 1000);
    expect(credential).toBe(createHmac("sha1", "s3cret").update(username).digest("base64"));
  });

  it("are only made for a participant, with TURN and a secret configured", async () => {
    const settings = readIceSettings({
      PARLEY_STUN_URLS: "stun:stun.test:3478",
      PARLEY_TURN_URLS:
        "turn:relay.test:3478?transport=udp, turns:relay.test:5349?transport=tcp, https://nope",
      PARLEY_TURN_SECRET: "s3cret",
      PARLEY_TURN_TTL_SECONDS: "600",
      PARLEY_ICE_TRANSPORT_POLICY: "relay",
    });
    expect(settings.turnUrls).toEqual([
      "turn:relay.test:3478?transport=udp",
      "turns:relay.test:5349?transport=tcp",
    ]);
    const observer = await iceConfigFor(settings, null, 0);
    expect(observer).toEqual({
      iceServers: [{ urls: ["stun:stun.test:3478"] }],
      iceTransportPolicy: "relay",
      expiresAt: null,
    });
    const member = await iceConfigFor(settings, "p1", 0);
    expect(member.iceServers[1]).toMatchObject({ urls: settings.turnUrls, username: "600:p1" });
    expect(member.expiresAt).toBe(600_000);
    expect(JSON.stringify(member)).not.toContain("s3cret");
  });

  it("fall back to defaults for unusable settings", () => {
    const settings = readIceSettings({
      PARLEY_TURN_TTL_SECONDS: "soon",
      PARLEY_ICE_TRANSPORT_POLICY: "sometimes",
    });
    expect(settings).toEqual({
      stunUrls: ["stun:stun.cloudflare.com:3478"],
      turnUrls: [],
      turnSecret: null,
      ttlSeconds: 14_400,
      iceTransportPolicy: "all",
    });
    expect(readIceSettings({ PARLEY_STUN_URLS: "" }).stunUrls).toEqual([]);
  });
});
