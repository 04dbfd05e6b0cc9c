import { describe, expect, it } from "vitest";
import { MAX_FRAME_BYTES, PROTOCOL_VERSION } from "@/lib/protocol";
import {
  CLOSE_ROOM_NOT_FOUND,
  CLOSE_VERSION_MISMATCH,
  parseCapacity,
  RESUME_GRACE_MS,
  Room,
} from "@/party/room";
import { MemorySocket } from "./memory-socket";
import { testRoom } from "./test-room";

/** A socket that is going away: every send throws. */
class BrokenSocket extends MemorySocket {
  override send(): void {
    throw new Error("socket is closing");
  }
}

function setup(capacity = 2) {
  return testRoom({ capacity });
}

const names = (socket: MemorySocket) => socket.last("roster")?.participants.map((p) => p.name);
const offer = { kind: "description", description: { type: "offer", sdp: "v=0" }, seq: 1 } as const;
const links = { fromLink: "ada-link-0001" };

describe("Room connections", () => {
  it("turns away a connection to a meeting that was never created", () => {
    const room = new Room({ capacity: 6 });
    const socket = new MemorySocket("s0");
    room.connect(socket);
    expect(socket.received).toEqual([{ type: "error", code: "room-not-found", fatal: true }]);
    expect(socket.closedWith).toBe(CLOSE_ROOM_NOT_FOUND);
    room.receive(socket, JSON.stringify({ type: "join", version: PROTOCOL_VERSION, name: "Ada" }));
    expect(room.participants).toEqual([]);
    expect(socket.received).toHaveLength(1);
  });

  it("shows an observer the roster without making it a member", () => {
    const { room, connect } = setup();
    const observer = connect();
    expect(observer.received).toEqual([
      { type: "roster", participants: [], capacity: 2, locked: false, route: "mesh" },
    ]);
    expect(room.participants).toEqual([]);
  });

  it("ignores frames from a socket it never accepted", () => {
    const { room, join } = setup();
    const stranger = new MemorySocket("stranger");
    join(stranger, "Eve");
    expect(stranger.received).toEqual([]);
    expect(room.participants).toEqual([]);
  });
});

describe("Room joining", () => {
  it("confirms a join and sends the new roster to every socket, observers included", () => {
    const { connect, join } = setup();
    const [observer, ada] = [connect(), connect()];
    join(ada, "Ada");
    const self = { id: "p0", name: "Ada", joinOrder: 0 };
    expect(ada.received.slice(1)).toEqual([
      { type: "joined", self },
      { type: "chat-history", messages: [] },
      { type: "roster", participants: [self], capacity: 2, locked: false, route: "mesh" },
    ]);
    expect(observer.last("roster")?.participants).toEqual([self]);
  });

  it("numbers joins in order and never reuses a number", () => {
    const { send, connect, join } = setup(2);
    const [ada, linus, grace] = [connect(), connect(), connect()];
    join(ada, "Ada");
    join(linus, "Linus");
    send(ada, { type: "leave" });
    join(grace, "Grace");
    expect([ada, linus, grace].map((s) => s.last("joined")?.self.joinOrder)).toEqual([0, 1, 2]);
    expect(grace.last("roster")?.participants.map((p) => [p.name, p.joinOrder])).toEqual([
      ["Linus", 1],
      ["Grace", 2],
    ]);
  });

  it("refuses a join beyond capacity, counting members only", () => {
    const { room, connect, join } = setup(2);
    const observers = [connect(), connect(), connect()];
    const [a, b, c] = [connect(), connect(), connect()];
    join(a, "A");
    join(b, "B");
    join(c, "C");
    expect(c.last("error")).toEqual({
      type: "error",
      code: "room-full",
      fatal: false,
    });
    expect(c.last("joined")).toBeUndefined();
    expect(c.closedWith).toBeNull();
    expect(room.participants.map((p) => p.name)).toEqual(["A", "B"]);
    expect(observers.map(names)).toEqual([
      ["A", "B"],
      ["A", "B"],
      ["A", "B"],
    ]);
  });

  it("lets someone in once a member leaves a full meeting", () => {
    const { room, send, connect, join } = setup(2);
    const [a, b, c] = [connect(), connect(), connect()];
    join(a, "A");
    join(b, "B");
    send(a, { type: "leave" });
    join(c, "C");
    expect(c.last("joined")?.self.name).toBe("C");
    expect(room.participants.map((p) => p.name)).toEqual(["B", "C"]);
  });

  it("refuses a client of another protocol version and lets it go", () => {
    const { room, send, connect, join } = setup();
    const old = connect();
    send(old, { type: "join", version: PROTOCOL_VERSION + 1, name: "Old" });
    expect(old.last("error")).toMatchObject({ code: "version-mismatch", fatal: true });
    expect(old.closedWith).toBe(CLOSE_VERSION_MISMATCH);
    expect(room.participants).toEqual([]);
    const rostersBefore = old.all("roster").length;
    join(connect(), "Ada");
    expect(old.all("roster")).toHaveLength(rostersBefore);
  });

  it("tells a client of another version to reload even when the rest of its join no longer parses", () => {
    const { send, connect } = setup();
    const future = connect();
    send(future, { type: "join", version: PROTOCOL_VERSION + 1, profile: { displayName: "Ada" } });
    expect(future.last("error")).toMatchObject({ code: "version-mismatch", fatal: true });
    expect(future.closedWith).toBe(CLOSE_VERSION_MISMATCH);
  });

  it("refuses a second join from the same socket", () => {
    const { room, connect, join } = setup(3);
    const ada = connect();
    join(ada, "Ada");
    join(ada, "Ada again");
    expect(ada.last("error")).toMatchObject({
      code: "invalid-message",
      detail: "Already joined.",
      fatal: false,
    });
    expect(ada.all("joined")).toHaveLength(1);
    expect(room.participants).toEqual([{ id: "p0", name: "Ada", joinOrder: 0 }]);
  });

  it("answers a malformed or oversized frame with a non-fatal error to its sender only", () => {
    const { room, connect, join } = setup();
    const [ada, mallory] = [connect(), connect()];
    join(ada, "Ada");
    join(mallory, "Mallory");
    const adaSaw = ada.received.length;
    room.receive(mallory, "{nope");
    expect(mallory.last("error")).toMatchObject({ code: "invalid-message", fatal: false });
    room.receive(mallory, " ".repeat(MAX_FRAME_BYTES + 1));
    expect(mallory.last("error")).toMatchObject({ code: "frame-too-large", fatal: false });
    expect(ada.received).toHaveLength(adaSaw);
    expect(room.participants).toHaveLength(2);
    expect(mallory.closedWith).toBeNull();
  });
});

describe("Room signaling", () => {
  function threeMembers() {
    const context = setup(3);
    const [ada, linus, grace] = [context.connect(), context.connect(), context.connect()];
    context.join(ada, "Ada");
    context.join(linus, "Linus");
    context.join(grace, "Grace");
    const observer = context.connect();
    return { ...context, ada, linus, grace, observer };
  }

  it("relays a signal to its target only, stamped with the sender's id by the server", () => {
    const { send, ada, linus, grace, observer } = threeMembers();
    const counts = () => [ada, grace, observer].map((s) => s.received.length);
    const before = counts();
    send(ada, { type: "signal", to: "p1", from: "p2", ...links, payload: offer });
    expect(linus.last("signal")).toEqual({ type: "signal", from: "p0", ...links, payload: offer });
    expect(counts()).toEqual(before);
  });

  it("refuses a signal from a socket that has not joined", () => {
    const { send, linus, observer } = threeMembers();
    send(observer, { type: "signal", to: "p1", ...links, payload: offer });
    expect(observer.last("error")).toMatchObject({ code: "not-joined", fatal: false });
    expect(linus.last("signal")).toBeUndefined();
  });

  it.each([
    ["an unknown participant", "nobody"],
    ["the sender itself", "p0"],
  ])("refuses a signal to %s", (_label, to) => {
    const { send, ada } = threeMembers();
    send(ada, { type: "signal", to, ...links, payload: offer });
    expect(ada.last("error")).toMatchObject({ code: "unknown-participant", fatal: false });
    expect(ada.last("signal")).toBeUndefined();
  });

  it("refuses a signal to someone who has left", () => {
    const { send, ada, linus } = threeMembers();
    send(linus, { type: "leave" });
    send(ada, { type: "signal", to: "p1", ...links, payload: offer });
    expect(ada.last("error")?.code).toBe("unknown-participant");
    expect(linus.last("signal")).toBeUndefined();
  });
});

describe("Room leaving", () => {
  it("sends the new roster to everyone, the leaver included, when a member leaves", () => {
    const { room, send, connect, join } = setup();
    const [observer, ada, linus] = [connect(), connect(), connect()];
    join(ada, "Ada");
    join(linus, "Linus");
    send(ada, { type: "leave" });
    expect([observer, ada, linus].map(names)).toEqual([["Linus"], ["Linus"], ["Linus"]]);
    expect(room.participants.map((p) => p.name)).toEqual(["Linus"]);
  });

  it("keeps a member whose connection closed for a grace period, then tells everyone they left", () => {
    const { room, connect, join, tick } = setup(2);
    const [observer, ada, linus] = [connect(), connect(), connect()];
    join(ada, "Ada");
    join(linus, "Linus");
    const adaSaw = ada.received.length;
    room.disconnect(ada);
    tick(RESUME_GRACE_MS);
    room.sweep();
    // Within the grace period they may come back: the calls to them are left alone.
    expect([observer, linus].map(names)).toEqual([
      ["Ada", "Linus"],
      ["Ada", "Linus"],
    ]);
    tick(1);
    room.sweep();
    expect([observer, linus].map(names)).toEqual([["Linus"], ["Linus"]]);
    expect(ada.received).toHaveLength(adaSaw);
  });

  it("sends nothing when an observer disconnects or a non-member leaves", () => {
    const { room, send, connect, join } = setup();
    const [ada, observer] = [connect(), connect()];
    join(ada, "Ada");
    const adaSaw = ada.received.length;
    send(observer, { type: "leave" });
    room.disconnect(observer);
    expect(ada.received).toHaveLength(adaSaw);
  });

  it("keeps telling the others when one socket throws on send", () => {
    const { room, send, connect, join } = setup(3);
    const broken = connect({ socket: new BrokenSocket("broken") });
    const [ada, linus, grace] = [connect(), connect(), connect()];
    join(ada, "Ada");
    join(linus, "Linus");
    join(grace, "Grace");
    join(broken, "Broken");
    expect(room.participants.map((p) => p.name)).toEqual(["Ada", "Linus", "Grace"]);
    send(ada, { type: "leave" });
    expect([ada, linus, grace].map(names)).toEqual([
      ["Linus", "Grace"],
      ["Linus", "Grace"],
      ["Linus", "Grace"],
    ]);
    send(grace, { type: "leave" });
    expect(names(linus)).toEqual(["Linus"]);
  });
});

describe("Room media state", () => {
  it("shows everyone, late joiners included, who has the microphone or camera off", () => {
    const { room, connect, join } = setup(3);
    const [ada, linus] = [connect(), connect()];
    room.receive(
      ada,
      JSON.stringify({
        type: "join",
        version: PROTOCOL_VERSION,
        name: "Ada",
        presence: { audioOff: true, videoOff: false },
      }),
    );
    join(linus, "Linus");
    expect(linus.last("roster")?.participants[0]).toEqual({
      id: "p0",
      name: "Ada",
      joinOrder: 0,
      audioOff: true,
    });

    room.receive(ada, JSON.stringify({ type: "presence", presence: { audioOff: false, videoOff: true } }));
    expect(linus.last("roster")?.participants[0]).toEqual({
      id: "p0",
      name: "Ada",
      joinOrder: 0,
      videoOff: true,
    });
    const late = connect();
    expect(late.last("roster")?.participants[0]?.videoOff).toBe(true);
  });

  it("refuses media state from someone who has not joined", () => {
    const { room, connect } = setup();
    const observer = connect();
    room.receive(
      observer,
      JSON.stringify({ type: "presence", presence: { audioOff: true, videoOff: true } }),
    );
    expect(observer.last("error")?.code).toBe("not-joined");
  });
});

describe("Room chat", () => {
  function chatRoom() {
    const { connect, join, send } = testRoom({ startAt: 1_000 });
    const say = (socket: MemorySocket, text: string) => send(socket, { type: "chat", text });
    return { connect, join, say };
  }
  const chats = (socket: MemorySocket) => socket.all("chat").map((m) => m.message);

  it("sends a message to every member, stamped by the server, and not to observers", () => {
    const { connect, join, say } = chatRoom();
    const [ada, linus, observer] = [connect(), connect(), connect()];
    join(ada, "Ada");
    join(linus, "Linus");
    say(ada, "  hello  ");
    const expected = { id: "1", from: "p0", name: "Ada", text: "hello", sentAt: 1_000 };
    expect(chats(ada)).toEqual([expected]);
    expect(chats(linus)).toEqual([expected]);
    expect(chats(observer)).toEqual([]);
  });

  it("gives a late joiner the last 100 messages, oldest first", () => {
    const { connect, join, say } = chatRoom();
    const ada = connect();
    join(ada, "Ada");
    for (let i = 1; i <= 105; i++) say(ada, `message ${i}`);
    const late = connect();
    join(late, "Late");
    const history = late.last("chat-history")?.messages ?? [];
    expect(history).toHaveLength(100);
    expect(history[0]?.text).toBe("message 6");
    expect(history.at(-1)?.text).toBe("message 105");
  });

  it("refuses chat from someone who has not joined, and empty or oversized messages", () => {
    const { connect, join, say } = chatRoom();
    const [ada, observer] = [connect(), connect()];
    join(ada, "Ada");
    say(observer, "psst");
    expect(observer.last("error")?.code).toBe("not-joined");
    say(ada, "   ");
    say(ada, "x".repeat(2001));
    expect(ada.all("error").map((e) => e.code)).toEqual(["invalid-message", "invalid-message"]);
    expect(chats(ada)).toEqual([]);
  });
});

describe("parseCapacity", () => {
  it.each([
    ["2", 2],
    ["8", 8],
    ["50", 50],
    [" 12 ", 12],
    ["1", 6],
    ["0", 6],
    ["51", 6],
    ["-3", 6],
    ["3.5", 6],
    ["six", 6],
    ["", 6],
    [undefined, 6],
    [null, 6],
    [8, 8],
    [51, 6],
    [2.5, 6],
  ])("reads %j as %d", (value, capacity) => {
    expect(parseCapacity(value)).toBe(capacity);
  });

  it("uses the given fallback", () => {
    expect(parseCapacity("1000", 4)).toBe(4);
    expect(parseCapacity(undefined, 10)).toBe(10);
  });
});
