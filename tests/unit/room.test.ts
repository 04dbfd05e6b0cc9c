import { describe, expect, it } from "vitest";
import { parseServerMessage, PROTOCOL_VERSION, type ServerMessage } from "../../lib/protocol";
import {
  CLOSE_ROOM_NOT_FOUND,
  CLOSE_VERSION_MISMATCH,
  parseCapacity,
  Room,
  type RoomSocket,
} from "../../party/room";

/** A socket that keeps what the room sends it, parsed as a browser would. */
class MemorySocket implements RoomSocket {
  static count = 0;
  readonly id = `socket-${MemorySocket.count++}`;
  readonly received: ServerMessage[] = [];
  closedWith: number | null = null;
  send(frame: string) {
    const parsed = parseServerMessage(frame);
    if (!parsed.ok) throw new Error(parsed.reason);
    this.received.push(parsed.message);
  }
  close(code?: number) {
    this.closedWith = code ?? 1000;
  }
  last<T extends ServerMessage["type"]>(type: T) {
    return this.received.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type).at(-1);
  }
}

function setup(capacity = 2) {
  let next = 0;
  const room = new Room({ capacity, createParticipantId: () => `p${next++}` });
  room.markCreated();
  const connect = () => {
    const socket = new MemorySocket();
    room.connect(socket);
    return socket;
  };
  const join = (socket: MemorySocket, name: string) =>
    room.receive(socket, JSON.stringify({ type: "join", version: PROTOCOL_VERSION, name }));
  return { room, connect, join };
}

const names = (socket: MemorySocket) => socket.last("roster")?.participants.map((p) => p.name);
const offer = { kind: "description", description: { type: "offer", sdp: "v=0" } };

describe("Room", () => {
  it("turns away connections to a meeting that was never created", () => {
    const room = new Room({ capacity: 6 });
    const socket = new MemorySocket();
    room.connect(socket);
    expect(socket.last("error")).toMatchObject({ code: "room-not-found", fatal: true });
    expect(socket.closedWith).toBe(CLOSE_ROOM_NOT_FOUND);
  });

  it("tells observers and members who is here, in join order", () => {
    const { connect, join } = setup();
    const observer = connect();
    expect(observer.last("roster")).toEqual({ type: "roster", participants: [], capacity: 2 });
    const [ada, linus] = [connect(), connect()];
    join(ada, "Ada");
    join(linus, "Linus");
    expect(ada.last("joined")?.self).toEqual({ id: "p0", name: "Ada", joinOrder: 0 });
    expect(linus.last("joined")?.self.joinOrder).toBe(1);
    expect(names(observer)).toEqual(["Ada", "Linus"]);
    expect(names(ada)).toEqual(["Ada", "Linus"]);
  });

  it("holds the cap, which observers do not count against", () => {
    const { connect, join } = setup(2);
    connect();
    const [a, b, c] = [connect(), connect(), connect()];
    join(a, "A");
    join(b, "B");
    join(c, "C");
    expect(c.last("error")).toMatchObject({
      code: "room-full",
      message: "This meeting is full (2 of 2).",
      fatal: false,
    });
    expect(c.last("joined")).toBeUndefined();
    expect(names(a)).toEqual(["A", "B"]);
  });

  it("refuses another protocol version and a second join", () => {
    const { room, connect, join } = setup();
    const old = connect();
    room.receive(old, JSON.stringify({ type: "join", version: PROTOCOL_VERSION + 1, name: "Old" }));
    expect(old.last("error")).toMatchObject({ code: "version-mismatch", fatal: true });
    expect(old.closedWith).toBe(CLOSE_VERSION_MISMATCH);
    expect(room.participants).toEqual([]);
    const ada = connect();
    join(ada, "Ada");
    join(ada, "Ada again");
    expect(ada.last("error")?.message).toBe("Already joined.");
    expect(room.participants.map((p) => p.name)).toEqual(["Ada"]);
  });

  it("relays a signal to its target only, stamped with the sender's id", () => {
    const { room, connect, join } = setup(3);
    const [ada, linus, grace] = [connect(), connect(), connect()];
    join(ada, "Ada");
    join(linus, "Linus");
    join(grace, "Grace");
    room.receive(ada, JSON.stringify({ type: "signal", to: "p1", from: "p2", payload: offer }));
    expect(linus.last("signal")).toEqual({ type: "signal", from: "p0", payload: offer });
    expect(grace.last("signal")).toBeUndefined();
  });

  it("refuses signals from non-members and to unknown participants or oneself", () => {
    const { room, connect, join } = setup();
    const [ada, observer] = [connect(), connect()];
    join(ada, "Ada");
    room.receive(observer, JSON.stringify({ type: "signal", to: "p0", payload: offer }));
    expect(observer.last("error")?.code).toBe("not-joined");
    room.receive(ada, JSON.stringify({ type: "signal", to: "nobody", payload: offer }));
    expect(ada.last("error")?.code).toBe("unknown-participant");
    room.receive(ada, JSON.stringify({ type: "signal", to: "p0", payload: offer }));
    expect(ada.received.filter((m) => m.type === "error")).toHaveLength(2);
    expect(ada.last("signal")).toBeUndefined();
  });

  it("answers a malformed frame with an error to its sender only", () => {
    const { room, connect, join } = setup();
    const [ada, mallory] = [connect(), connect()];
    join(ada, "Ada");
    join(mallory, "Mallory");
    const adaSaw = ada.received.length;
    room.receive(mallory, "{nope");
    expect(mallory.last("error")?.code).toBe("invalid-message");
    expect(ada.received).toHaveLength(adaSaw);
    expect(room.participants).toHaveLength(2);
  });

  it("updates the roster on leave and on disconnect, even when one socket fails to send", () => {
    const { room, connect, join } = setup(3);
    const [ada, linus, grace] = [connect(), connect(), connect()];
    join(ada, "Ada");
    join(linus, "Linus");
    join(grace, "Grace");
    linus.send = () => {
      throw new Error("socket is closing");
    };
    room.receive(ada, JSON.stringify({ type: "leave" }));
    expect(names(grace)).toEqual(["Linus", "Grace"]);
    room.disconnect(grace);
    expect(room.participants.map((p) => p.name)).toEqual(["Linus"]);
  });
});

describe("parseCapacity", () => {
  it.each([
    ["8", 8],
    [" 12 ", 12],
    ["1", 6],
    ["51", 6],
    ["six", 6],
    [undefined, 6],
  ])("%j -> %d", (value, capacity) => {
    expect(parseCapacity(value)).toBe(capacity);
  });
});
