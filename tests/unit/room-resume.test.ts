import { describe, expect, it } from "vitest";
import { MAX_HELD_FRAMES, type MembersSnapshot } from "@/party/members";
import { CLOSE_REPLACED, CLOSE_TIMED_OUT, RESUME_GRACE_MS, Room, SILENT_CONNECTION_MS } from "@/party/room";
import { MemorySocket } from "./memory-socket";
import { testRoom } from "./test-room";

const SESSION_A = "session-of-ada-0000000";
const SESSION_B = "session-of-bea-0000000";

function resumeRoom() {
  const snapshots: MembersSnapshot[] = [];
  const fixture = testRoom({
    capacity: 4,
    startAt: 1_000_000,
    // Room for the held-signal tests to send all a member may hold at once.
    rateLimit: { burst: 1000, perSecond: 1000 },
    persist: (snapshot) => snapshots.push(structuredClone(snapshot)),
  });
  const { room, make, tick } = fixture;
  const connect = (into = room) => fixture.connect({ into });
  const join = (socket: MemorySocket, name: string, session: string, instance = "page-one", into = room) =>
    fixture.join(socket, name, { session, instance }, into);
  return { room, make, connect, join, tick, snapshots };
}

const names = (room: Room) => room.participants.map((p) => p.name);

describe("resuming a participant", () => {
  it("moves a member to its new connection, closing the old one, with no ghost", () => {
    const { room, connect, join } = resumeRoom();
    const [first, bea] = [connect(), connect()];
    join(first, "Ada", SESSION_A);
    join(bea, "Bea", SESSION_B);
    const ada = first.last("joined")?.self;

    const second = connect();
    join(second, "Ada", SESSION_A);
    expect(second.last("joined")?.self).toMatchObject({ id: ada?.id, joinOrder: ada?.joinOrder });
    expect(first.closedWith).toBe(CLOSE_REPLACED);
    expect(names(room)).toEqual(["Ada", "Bea"]);
    // Signals to Ada now reach the new connection.
    const offer = { kind: "description", description: { type: "offer", sdp: "v=0" }, seq: 1 };
    room.receive(
      bea,
      JSON.stringify({ type: "signal", to: ada?.id, fromLink: "bea-link-01", payload: offer }),
    );
    expect(second.last("signal")?.from).toBe(bea.last("joined")?.self.id);
    expect(first.last("signal")).toBeUndefined();
  });

  it("takes a member back within the grace period after its connection closed, and the others never lose it", () => {
    const { room, connect, join, tick } = resumeRoom();
    const [first, bea] = [connect(), connect()];
    join(first, "Ada", SESSION_A);
    join(bea, "Bea", SESSION_B);
    const ada = first.last("joined")?.self;
    const rosters = () => bea.received.filter((m) => m.type === "roster").length;
    const before = rosters();
    room.disconnect(first);
    tick(RESUME_GRACE_MS - 1);
    room.sweep();
    expect(rosters()).toBe(before);

    const back = connect();
    join(back, "Ada", SESSION_A);
    expect(back.last("joined")?.self.id).toBe(ada?.id);
    // Past the grace period now: attached again, Ada is not let go.
    tick(2);
    room.sweep();
    expect(names(room)).toEqual(["Ada", "Bea"]);
  });

  it("tells the others when a participant comes back from a new page load, by its instance", () => {
    const { connect, join } = resumeRoom();
    const [first, bea] = [connect(), connect()];
    join(first, "Ada", SESSION_A, "page-one");
    join(bea, "Bea", SESSION_B);
    join(connect(), "Ada", SESSION_A, "page-two");
    expect(bea.last("roster")?.participants.find((p) => p.name === "Ada")?.instance).toBe("page-two");
  });

  it("makes a new participant of a different session, and never accepts a session it did not hand out", () => {
    const { room, connect, join } = resumeRoom();
    join(connect(), "Ada", SESSION_A);
    join(connect(), "Ada", "someone-else-entirely");
    expect(names(room)).toEqual(["Ada", "Ada"]);
    expect(new Set(room.participants.map((p) => p.id)).size).toBe(2);
  });

  it("removes at once a member whose connection went silent, and answers pings", () => {
    const { room, connect, join, tick } = resumeRoom();
    const [ada, bea] = [connect(), connect()];
    join(ada, "Ada", SESSION_A);
    join(bea, "Bea", SESSION_B);
    for (let t = 0; t < 4; t++) {
      tick(SILENT_CONNECTION_MS / 2);
      room.receive(bea, JSON.stringify({ type: "ping" }));
      room.sweep();
    }
    expect(bea.last("pong")).toEqual({ type: "pong" });
    expect(ada.closedWith).toBe(CLOSE_TIMED_OUT);
    expect(bea.closedWith).toBeNull();
    expect(names(room)).toEqual(["Bea"]);
  });
});

describe("a room server restart", () => {
  it("restores who was in the meeting, lets each resume as itself, and lets go of those who do not", () => {
    const { room, make, connect, join, tick, snapshots } = resumeRoom();
    const [ada, bea] = [connect(), connect()];
    join(ada, "Ada", SESSION_A);
    join(bea, "Bea", SESSION_B);
    const before = room.participants;
    const snapshot = snapshots.at(-1);
    expect(JSON.stringify(snapshot)).not.toContain(SESSION_A);

    const restarted = make();
    restarted.restore(snapshot as MembersSnapshot);
    expect(restarted.participants).toEqual(before);
    const adaAgain = connect(restarted);
    expect(adaAgain.last("roster")?.participants.map((p) => p.name)).toEqual(["Ada", "Bea"]);
    join(adaAgain, "Ada", SESSION_A, "page-one", restarted);
    expect(adaAgain.last("joined")?.self).toEqual(before[0]);

    // A newcomer after the restart is numbered after everyone from before it.
    const cy = connect(restarted);
    join(cy, "Cy", "session-of-cy-00000000", "page-one", restarted);
    expect(cy.last("joined")?.self.joinOrder).toBeGreaterThan(Math.max(...before.map((p) => p.joinOrder)));

    tick(RESUME_GRACE_MS + 1);
    restarted.sweep();
    expect(names(restarted)).toEqual(["Ada", "Cy"]);
  });

  describe("signals to a member who is reconnecting", () => {
    const candidate = (n: number) => ({
      kind: "candidate",
      candidate: { candidate: `candidate:${n} 1 udp 1 127.0.0.1 9 typ host` },
    });
    const signal = (to: string | undefined, n: number) =>
      JSON.stringify({ type: "signal", to, fromLink: "bea-link-01", payload: candidate(n) });

    function adaAway() {
      const context = resumeRoom();
      const [first, bea] = [context.connect(), context.connect()];
      context.join(first, "Ada", SESSION_A);
      context.join(bea, "Bea", SESSION_B);
      const adaId = first.last("joined")?.self.id;
      context.room.disconnect(first);
      return { ...context, bea, adaId };
    }

    it("holds them, and delivers them in order once the member is back, after the roster that names their sender", () => {
      const { room, connect, join, bea, adaId } = adaAway();
      for (const n of [1, 2, 3]) room.receive(bea, signal(adaId, n));
      expect(bea.errors()).toEqual([]);

      const back = connect();
      join(back, "Ada", SESSION_A, "page-two");
      const types = back.received.map((m) => m.type);
      expect(types.indexOf("signal")).toBeGreaterThan(types.lastIndexOf("roster"));
      expect(back.all("signal").map((m) => m.payload)).toEqual([candidate(1), candidate(2), candidate(3)]);
      expect(back.all("signal").every((m) => m.fromLink === "bea-link-01")).toBe(true);
      // Delivered once: a later connection of Ada's gets none of them again.
      const again = connect();
      join(again, "Ada", SESSION_A, "page-two");
      expect(again.all("signal")).toEqual([]);
    });

    it("tells the sender, rather than dropping it, once the member holds all it may", () => {
      const { room, connect, join, bea, adaId } = adaAway();
      for (let n = 0; n < MAX_HELD_FRAMES; n++) room.receive(bea, signal(adaId, n));
      expect(bea.errors()).toEqual([]);
      room.receive(bea, signal(adaId, MAX_HELD_FRAMES));
      expect(bea.last("error")).toMatchObject({ code: "peer-away", fatal: false });

      const back = connect();
      join(back, "Ada", SESSION_A);
      expect(back.all("signal")).toHaveLength(MAX_HELD_FRAMES);
    });

    it("lets what was held go with a member who does not come back", () => {
      const { room, bea, adaId, tick } = adaAway();
      room.receive(bea, signal(adaId, 1));
      tick(RESUME_GRACE_MS + 1);
      room.sweep();
      expect(names(room)).toEqual(["Bea"]);
      room.receive(bea, signal(adaId, 2));
      expect(bea.last("error")?.code).toBe("unknown-participant");
    });
  });

  it("never lets a second connection with a member's connection id stand in for it", () => {
    const { room, join } = resumeRoom();
    const [ada, bea] = [new MemorySocket("ada-socket"), new MemorySocket("bea-socket")];
    room.connect(ada);
    room.connect(bea);
    join(ada, "Ada", SESSION_A);
    join(bea, "Bea", SESSION_B);
    const adaId = ada.last("joined")?.self.id;
    const beaId = bea.last("joined")?.self.id;

    // Mallory opens a socket with the URL of Ada's (the same connection id), speaks, and leaves.
    const mallory = new MemorySocket("ada-socket");
    room.connect(mallory);
    room.receive(
      mallory,
      JSON.stringify({ type: "signal", to: beaId, fromLink: "mallory-01", payload: { kind: "reset" } }),
    );
    expect(bea.all("signal")).toEqual([]);
    expect(mallory.last("error")?.code).toBe("not-joined");
    room.disconnect(mallory);

    // Ada is still here, on her own socket: what is sent to her reaches her, and only her.
    room.receive(
      bea,
      JSON.stringify({ type: "signal", to: adaId, fromLink: "bea-link-01", payload: { kind: "reset" } }),
    );
    expect(ada.last("signal")?.from).toBe(beaId);
    expect(mallory.all("signal")).toEqual([]);
    room.receive(ada, JSON.stringify({ type: "chat", text: "still here" }));
    expect(bea.last("chat")?.message.text).toBe("still here");
    expect(names(room)).toEqual(["Ada", "Bea"]);
  });
});
