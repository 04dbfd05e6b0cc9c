import { describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "@/lib/protocol";
import type { MembersSnapshot } from "@/party/members";
import { CLOSE_REPLACED, CLOSE_TIMED_OUT, RESUME_GRACE_MS, Room, SILENT_CONNECTION_MS } from "@/party/room";
import { MemorySocket } from "./memory-socket";

const SESSION_A = "session-of-ada-0000000";
const SESSION_B = "session-of-bea-0000000";

function resumeRoom() {
  let clock = 1_000_000;
  let next = 0;
  const snapshots: MembersSnapshot[] = [];
  const make = () => {
    const room = new Room({
      capacity: 4,
      createParticipantId: () => `p${next++}`,
      now: () => clock,
      persist: (snapshot) => snapshots.push(structuredClone(snapshot)),
    });
    room.markCreated();
    return room;
  };
  const room = make();
  let sockets = 0;
  const connect = (target = room) => {
    const socket = new MemorySocket(`s${sockets++}`);
    target.connect(socket);
    return socket;
  };
  const join = (socket: MemorySocket, name: string, session: string, instance = "page-one", target = room) =>
    target.receive(
      socket,
      JSON.stringify({ type: "join", version: PROTOCOL_VERSION, name, session, instance }),
    );
  const tick = (ms: number) => (clock += ms);
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
    const offer = { kind: "description", description: { type: "offer", sdp: "v=0" } };
    room.receive(bea, JSON.stringify({ type: "signal", to: ada?.id, payload: offer }));
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
});
