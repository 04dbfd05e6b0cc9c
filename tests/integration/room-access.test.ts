import { createHmac } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { PROTOCOL_VERSION } from "../../lib/protocol";
import { connectedClients } from "../support/connected-clients";
import { createHostedRoom } from "../support/room-client";

const partyHost = inject("partyHost");
const turnSecret = inject("turnSecret");
const connect = connectedClients(partyHost);

describe("the host key over the real room server", () => {
  it("is handed out once, at creation, and a second creation is refused", async () => {
    const { roomId, hostKey } = await createHostedRoom(partyHost);
    expect(hostKey).toMatch(/^[A-Za-z0-9_-]{16,128}$/);
    const again = await fetch(`http://${partyHost}/parties/main/${roomId}`, { method: "POST" });
    expect(again.status).toBe(409);
    const status = await fetch(`http://${partyHost}/parties/main/${roomId}`);
    expect(await status.text()).not.toContain(hostKey);
  });

  it("makes its holder the host; a forged host action changes nothing", async () => {
    const { roomId, hostKey } = await createHostedRoom(partyHost);
    const [host, mallory] = [await connect(roomId), await connect(roomId)];
    const hostSelf = await host.join("Host", hostKey);
    expect(hostSelf.host).toBe(true);
    const mallorySelf = await mallory.join("Mallory", "forged-key-0000000000");
    expect(mallorySelf.host).toBeUndefined();

    mallory.send({ type: "lock", locked: true });
    mallory.send({ type: "remove", id: hostSelf.id });
    await mallory.next("error", (e) => e.code === "not-host");
    const latest = await host.next("roster");
    expect(latest.locked).toBe(false);
    expect(host.closeCode).toBeNull();
  });

  it("locks the meeting: a newcomer knocks, and is let in by the host or turned away", async () => {
    const { roomId, hostKey } = await createHostedRoom(partyHost);
    const host = await connect(roomId);
    await host.join("Host", hostKey);
    host.send({ type: "lock", locked: true });
    await host.next("roster", (r) => r.locked);

    const [ada, eve] = [await connect(roomId), await connect(roomId)];
    ada.send({ type: "join", version: PROTOCOL_VERSION, name: "Ada" });
    eve.send({ type: "join", version: PROTOCOL_VERSION, name: "Eve" });
    await ada.next("knocking");
    const knocks = await host.next("knocks", (k) => k.knocks.length === 2);
    const byName = (name: string) => knocks.knocks.find((k) => k.name === name)?.id;

    host.send({ type: "admit", id: byName("Ada") });
    await ada.next("joined");
    host.send({ type: "deny", id: byName("Eve") });
    expect(await eve.next("error")).toMatchObject({ code: "denied", fatal: false });
    await host.rosterNames(["Host", "Ada"]);
  });

  it("lets the host remove someone, who is told and disconnected", async () => {
    const { roomId, hostKey } = await createHostedRoom(partyHost);
    const [host, ada] = [await connect(roomId), await connect(roomId)];
    await host.join("Host", hostKey);
    const adaSelf = await ada.join("Ada");
    host.send({ type: "remove", id: adaSelf.id });
    expect(await ada.next("error")).toMatchObject({ code: "removed", fatal: true });
    expect(await ada.closed()).toBe(4003);
    await host.rosterNames(["Host"]);
  });
});

describe("the rate limit over the real room server", () => {
  it("disconnects a flooding connection while the others carry on", async () => {
    const { roomId } = await createHostedRoom(partyHost);
    const [ada, flooder] = [await connect(roomId), await connect(roomId)];
    await ada.join("Ada");
    await flooder.join("Flood");
    for (let n = 0; n < 1000; n++) flooder.send({ type: "chat", text: `spam ${n}` });
    expect(await flooder.closed()).toBe(4029);
    expect(flooder.received.some((m) => m.type === "error" && m.code === "rate-limited" && m.fatal)).toBe(
      true,
    );
    await ada.rosterNames(["Ada"]);
    ada.send({ type: "chat", text: "still here" });
    await ada.next("chat", (m) => m.message.text === "still here");
  });
});

describe("ICE servers over the real room server", () => {
  it("gives an observer STUN only, and a participant TURN credentials coturn would accept", async () => {
    const { roomId } = await createHostedRoom(partyHost);
    const ada = await connect(roomId);
    const before = await ada.next("ice-config");
    expect(before).toEqual({
      type: "ice-config",
      iceServers: [{ urls: ["stun:stun.test:3478"] }],
      iceTransportPolicy: "all",
      expiresAt: null,
    });
    const after = ada.received.length;
    const self = await ada.join("Ada");
    const member = await ada.next("ice-config", () => true, { after });
    const turn = member.iceServers[1];
    const [expiry, id] = (turn?.username ?? "").split(":");
    expect(id).toBe(self.id);
    // Ten minutes from now, as configured, give or take the test's own time.
    expect(Number(expiry) * 1000 - Date.now()).toBeGreaterThan(590_000);
    expect(Number(expiry) * 1000).toBe(member.expiresAt);
    expect(turn?.credential).toBe(
      createHmac("sha1", turnSecret)
        .update(turn?.username ?? "")
        .digest("base64"),
    );
    expect(JSON.stringify(member)).not.toContain(turnSecret);
  });
});
