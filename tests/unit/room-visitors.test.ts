import { describe, expect, it } from "vitest";
import { MAX_VISITORS } from "@/lib/protocol";
import { fakeSfu } from "./fake-sfu";
import type { MemorySocket } from "./memory-socket";
import { settle, testRoom } from "./test-room";

const HOST_KEY = "host-key-0123456789abcdef";
const offer = { kind: "description", description: { type: "offer", sdp: "v=0" }, seq: 1 } as const;
const answer = { kind: "description", description: { type: "answer", sdp: "v=0" }, seq: 1 } as const;

function setup(options: Parameters<typeof testRoom>[0] = {}) {
  const fixture = testRoom({ hostKey: HOST_KEY, ...options });
  const arrive = (socket: MemorySocket, instance = "page-load-0001") =>
    fixture.send(socket, { type: "arrive", instance });
  /** Someone on the pre-join screen who asked to connect ahead. */
  const visitor = (instance?: string) => {
    const socket = fixture.connect();
    arrive(socket, instance);
    return socket;
  };
  return { ...fixture, arrive, visitor };
}

const visitorsSeenBy = (socket: MemorySocket) => socket.last("roster")?.visitors ?? [];

describe("a visitor connecting ahead from the pre-join screen", () => {
  it("gets the id it will join as, which members learn from their roster and nobody else does", () => {
    const { room, member, connect, visitor, join } = setup();
    const ada = member("Ada", { hostKey: HOST_KEY });
    const observer = connect();
    const bea = visitor("bea-page-0001");

    expect(bea.last("arriving")).toEqual({ type: "arriving", id: "p1" });
    expect(visitorsSeenBy(ada)).toEqual([{ id: "p1", instance: "bea-page-0001" }]);
    expect(visitorsSeenBy(observer)).toEqual([]);
    expect(visitorsSeenBy(bea)).toEqual([]);
    expect(room.participants.map((p) => p.name)).toEqual(["Ada"]);

    join(bea, "Bea", { instance: "bea-page-0001" });
    expect(bea.last("joined")?.self.id).toBe("p1");
    // The roster that has Bea in the meeting is the one that no longer has her visiting.
    expect(ada.last("roster")?.participants.map((p) => p.id)).toEqual(["p0", "p1"]);
    expect(visitorsSeenBy(ada)).toEqual([]);
  });

  it("relays signals between a visitor and members both ways, stamped by the server, and no further", () => {
    const { member, visitor, send } = setup();
    const ada = member("Ada");
    const bea = visitor();
    const cy = visitor();

    send(bea, { type: "signal", to: "p0", fromLink: "bea-link-0001", payload: offer });
    expect(ada.last("signal")).toEqual({
      type: "signal",
      from: "p1",
      fromLink: "bea-link-0001",
      payload: offer,
    });
    send(ada, {
      type: "signal",
      to: "p1",
      fromLink: "ada-link-0001",
      toLink: "bea-link-0001",
      payload: answer,
    });
    expect(bea.last("signal")).toMatchObject({ from: "p0", toLink: "bea-link-0001", payload: answer });

    // Visitors do not call each other, nor themselves.
    send(bea, { type: "signal", to: "p2", fromLink: "bea-link-0002", payload: offer });
    send(bea, { type: "signal", to: "p1", fromLink: "bea-link-0003", payload: offer });
    expect(bea.errors()).toEqual(["unknown-participant", "unknown-participant"]);
    expect(cy.all("signal")).toEqual([]);
  });

  it("is told there are no early calls in a meeting with nobody in it, and its signals are refused", () => {
    const { visitor, send } = setup();
    const bea = visitor();
    expect(bea.last("arriving")).toEqual({ type: "arriving", id: null });
    send(bea, { type: "signal", to: "p0", fromLink: "bea-link-0001", payload: offer });
    expect(bea.errors()).toEqual(["not-joined"]);
  });

  it(`takes at most ${MAX_VISITORS} at once, and another once one of them has joined or gone`, () => {
    const { room, member, visitor, join, arrive, connect } = setup({ capacity: 8 });
    const ada = member("Ada");
    const early = Array.from({ length: MAX_VISITORS }, () => visitor());
    expect(early.map((socket) => socket.last("arriving")?.id)).toEqual(["p1", "p2", "p3"]);
    const late = visitor();
    expect(late.last("arriving")?.id).toBeNull();
    expect(visitorsSeenBy(ada)).toHaveLength(MAX_VISITORS);

    join(early[0]!, "Bea");
    room.disconnect(early[1]!);
    expect(visitorsSeenBy(ada).map((v) => v.id)).toEqual(["p3"]);
    const next = connect();
    arrive(next);
    expect(next.last("arriving")?.id).toBe("p4");
  });

  it("asked again on the same connection, keeps its id", () => {
    const { member, visitor, arrive } = setup();
    member("Ada");
    const bea = visitor();
    arrive(bea);
    expect(bea.all("arriving").map((m) => m.id)).toEqual(["p1", "p1"]);
  });

  it("is refused once in the meeting: a member has no pre-join screen", () => {
    const { member, arrive } = setup();
    const ada = member("Ada");
    arrive(ada);
    expect(ada.errors()).toEqual(["invalid-message"]);
    expect(ada.all("arriving")).toEqual([]);
  });

  it("has its early calls ended when the host locks the meeting, and cannot start them while locked", () => {
    const { member, visitor, send, join } = setup();
    const host = member("Host", { hostKey: HOST_KEY });
    const bea = visitor();
    send(host, { type: "lock", locked: true });

    expect(bea.last("arriving")).toEqual({ type: "arriving", id: null });
    expect(visitorsSeenBy(host)).toEqual([]);
    send(bea, { type: "signal", to: "p0", fromLink: "bea-link-0001", payload: offer });
    expect(bea.errors()).toEqual(["not-joined"]);
    expect(visitor().last("arriving")?.id).toBeNull();
    // Knocking, Bea gets an id of her own, not the one her early calls had.
    join(bea, "Bea");
    expect(host.last("knocks")?.knocks.map((k) => k.id)).toEqual(["p2"]);
  });

  it("has its early calls ended when the meeting moves to the SFU", async () => {
    const { member, visitor, join } = setup({ sfu: fakeSfu(), meetingId: () => "abcd-efgh" });
    const ada = member("Ada");
    member("Bea");
    const cy = visitor();
    expect(cy.last("arriving")?.id).toBe("p2");
    join(visitor(), "Dee");
    await settle();
    expect(ada.last("roster")?.route).toBe("sfu");
    expect(cy.last("arriving")).toEqual({ type: "arriving", id: null });
    expect(visitorsSeenBy(ada)).toEqual([]);
  });

  it("keeps its early calls when the meeting is full, and joins as itself once there is room", () => {
    const { member, visitor, join, room } = setup({ capacity: 2 });
    const ada = member("Ada");
    const bea = visitor();
    const cy = member("Cy");
    join(bea, "Bea");
    expect(bea.errors()).toEqual(["room-full"]);
    expect(visitorsSeenBy(ada).map((v) => v.id)).toEqual(["p1"]);
    room.receive(cy, JSON.stringify({ type: "leave" }));
    join(bea, "Bea");
    expect(bea.last("joined")?.self.id).toBe("p1");
  });

  it("leaves the members' roster when its connection closes", () => {
    const { room, member, visitor } = setup();
    const ada = member("Ada");
    const bea = visitor();
    expect(visitorsSeenBy(ada)).toHaveLength(1);
    room.disconnect(bea);
    expect(visitorsSeenBy(ada)).toEqual([]);
    expect(room.participants).toHaveLength(1);
  });
});
