import { describe, expect, inject, it } from "vitest";
import { MAX_FRAME_BYTES, PROTOCOL_VERSION } from "../../lib/protocol";
import { createRoomId } from "../../lib/room-id";
import { connectedClients } from "../support/connected-clients";
import { createRoom } from "../support/room-client";

const partyHost = inject("partyHost");
const connect = connectedClients(partyHost);

const offer = { kind: "description", description: { type: "offer", sdp: "v=0\r\n" }, seq: 1 } as const;
const links = { fromLink: "ada-link-0001", toLink: "linus-link-01" };

describe("meeting creation", () => {
  it("creates a meeting with POST and reports it with GET", async () => {
    const roomId = createRoomId();
    const before = await fetch(`http://${partyHost}/parties/main/${roomId}`);
    expect(before.status).toBe(404);
    await createRoom(partyHost, roomId);
    const after = await fetch(`http://${partyHost}/parties/main/${roomId}`);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ id: roomId, exists: true });
  });

  it("refuses room names that are not meeting codes", async () => {
    const response = await fetch(`http://${partyHost}/parties/main/not-a-code`, { method: "POST" });
    expect(response.status).toBe(400);
  });

  it("tells a connection to a meeting that was never created, and closes it", async () => {
    const client = await connect(createRoomId());
    const error = await client.next("error");
    expect(error).toMatchObject({ code: "room-not-found", fatal: true });
    expect(await client.closed()).toBe(4004);
  });
});

describe("presence", () => {
  it("shows the roster to an observer without counting it, and updates everyone on join and leave", async () => {
    const roomId = await createRoom(partyHost);
    const observer = await connect(roomId);
    expect(await observer.next("roster")).toMatchObject({ participants: [], capacity: 6 });

    const ada = await connect(roomId);
    const adaSelf = await ada.join("Ada");
    await observer.rosterNames(["Ada"]);
    const linus = await connect(roomId);
    const linusSelf = await linus.join("Linus");
    expect(linusSelf.joinOrder).toBeGreaterThan(adaSelf.joinOrder);
    await Promise.all([observer.rosterNames(["Ada", "Linus"]), ada.rosterNames(["Ada", "Linus"])]);

    ada.send({ type: "leave" });
    await Promise.all([observer.rosterNames(["Linus"]), linus.rosterNames(["Linus"])]);
  });

  it("keeps a participant whose connection closed for a grace period, then removes it", async () => {
    const roomId = await createRoom(partyHost);
    const [ada, linus] = [await connect(roomId), await connect(roomId)];
    await ada.join("Ada");
    await linus.join("Linus");
    const closedAt = Date.now();
    ada.close();
    await linus.rosterNames(["Linus"], 25_000);
    // Not at once (it may have been a blip), and not for ever.
    expect(Date.now() - closedAt).toBeGreaterThan(5000);
  });

  it("answers a connection that closes with the close handshake, so the closing side is done at once", async () => {
    const roomId = await createRoom(partyHost);
    const [ada, linus] = [await connect(roomId), await connect(roomId)];
    await ada.join("Ada");
    await linus.join("Linus");
    ada.close();
    // Unanswered, the socket would stay closing for ws's 30 s, then end as 1006 (abnormal closure).
    const stillClosing = new Promise<string>((resolve) => setTimeout(() => resolve("still closing"), 10_000));
    const ending = await Promise.race([ada.closed(), stillClosing]);
    expect(ending).not.toBe("still closing");
    expect(ending).not.toBe(1006);
  });

  it("takes an explicit leave without closing the socket", async () => {
    const roomId = await createRoom(partyHost);
    const [ada, linus] = [await connect(roomId), await connect(roomId)];
    await ada.join("Ada");
    await linus.join("Linus");
    ada.send({ type: "leave" });
    await linus.rosterNames(["Linus"]);
  });

  it("refuses the seventh participant with the room-full error, and admits them once someone leaves", async () => {
    const roomId = await createRoom(partyHost);
    const members = await Promise.all(Array.from({ length: 6 }, () => connect(roomId)));
    for (const [index, member] of members.entries()) await member.join(`P${index}`);
    const seventh = await connect(roomId);
    seventh.send({ type: "join", version: PROTOCOL_VERSION, name: "Late" });
    expect(await seventh.next("error")).toMatchObject({
      code: "room-full",
      fatal: false,
    });
    members[0]!.send({ type: "leave" });
    await seventh.rosterNames(["P1", "P2", "P3", "P4", "P5"]);
    await seventh.join("Late");
  });

  it("refuses a client speaking another protocol version", async () => {
    const client = await connect(await createRoom(partyHost));
    client.send({ type: "join", version: PROTOCOL_VERSION + 1, name: "Old" });
    expect(await client.next("error")).toMatchObject({ code: "version-mismatch", fatal: true });
    expect(await client.closed()).toBe(4009);
  });
});

describe("signaling relay", () => {
  it("relays a signal to its target only, stamped with the real sender", async () => {
    const roomId = await createRoom(partyHost);
    const [ada, linus, grace] = [await connect(roomId), await connect(roomId), await connect(roomId)];
    const adaSelf = await ada.join("Ada");
    const linusSelf = await linus.join("Linus");
    await grace.join("Grace");

    // A forged "from" is not part of the protocol: the server stamps the sender itself.
    ada.send({ type: "signal", to: linusSelf.id, from: "someone-else", ...links, payload: offer });
    expect(await linus.next("signal")).toEqual({
      type: "signal",
      from: adaSelf.id,
      ...links,
      payload: offer,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(grace.received.some((m) => m.type === "signal")).toBe(false);
  });

  it("does not relay into another room, nor from someone who has not joined", async () => {
    const [roomA, roomB] = [await createRoom(partyHost), await createRoom(partyHost)];
    const ada = await connect(roomA);
    const stranger = await connect(roomB);
    const adaSelf = await ada.join("Ada");
    stranger.send({ type: "signal", to: adaSelf.id, ...links, payload: offer });
    expect(await stranger.next("error")).toMatchObject({ code: "not-joined" });
    await stranger.join("Stranger");
    stranger.send({ type: "signal", to: adaSelf.id, ...links, payload: offer });
    expect(await stranger.next("error", (m) => m.code === "unknown-participant")).toBeTruthy();
    expect(ada.received.some((m) => m.type === "signal")).toBe(false);
  });
});

describe("malformed frames", () => {
  it("answers each bad frame with an error to its sender and changes nothing for anyone", async () => {
    const roomId = await createRoom(partyHost);
    const [ada, mallory] = [await connect(roomId), await connect(roomId)];
    const adaSelf = await ada.join("Ada");
    await mallory.join("Mallory");
    await ada.rosterNames(["Ada", "Mallory"]);
    const rosterCount = ada.received.filter((m) => m.type === "roster").length;

    const bad = [
      "not json",
      "[]",
      JSON.stringify({ type: "join", version: PROTOCOL_VERSION, name: "" }),
      JSON.stringify({ type: "join", version: PROTOCOL_VERSION, name: "x".repeat(500) }),
      JSON.stringify({ type: "signal", to: adaSelf.id, payload: { kind: "description" } }),
      JSON.stringify({ type: "wat" }),
      "x".repeat(MAX_FRAME_BYTES + 1),
    ];
    for (const frame of bad) mallory.send(frame);
    await mallory.next(
      "error",
      () => mallory.received.filter((m) => m.type === "error").length === bad.length,
    );
    const codes = mallory.received.flatMap((m) => (m.type === "error" ? [m.code] : []));
    expect(codes.at(-1)).toBe("frame-too-large");
    expect(codes.slice(0, -1).every((code) => code === "invalid-message")).toBe(true);

    // The room still works for both.
    mallory.send({ type: "signal", to: adaSelf.id, ...links, payload: offer });
    await ada.next("signal");
    expect(ada.received.filter((m) => m.type === "roster")).toHaveLength(rosterCount);
    expect(ada.received.some((m) => m.type === "error")).toBe(false);
  });
});

describe("chat", () => {
  it("reaches every member with the sender stamped, and a late joiner reads the history", async () => {
    const roomId = await createRoom(partyHost);
    const [ada, linus] = [await connect(roomId), await connect(roomId)];
    const adaSelf = await ada.join("Ada");
    await linus.join("Linus");
    ada.send({ type: "chat", text: "hello, world" });
    const received = await linus.next("chat");
    expect(received.message).toMatchObject({ from: adaSelf.id, name: "Ada", text: "hello, world" });

    const late = await connect(roomId);
    const after = late.received.length;
    await late.join("Late");
    const history = await late.next("chat-history", () => true, { after });
    expect(history.messages.map((m) => m.text)).toEqual(["hello, world"]);
  });
});
