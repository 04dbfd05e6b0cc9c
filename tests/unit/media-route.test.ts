import { describe, expect, it, vi } from "vitest";
import { MeetingMediaRoute, routeFor, SFU_RETRY_MS, SFU_ROOM_KEPT_MS } from "@/party/media-route";
import type { SfuRoom, SfuRooms } from "@/party/sfu";

describe("routeFor", () => {
  it("moves to the SFU past the mesh's size and back to peer to peer only at two", () => {
    expect(routeFor("mesh", 4, 4)).toBe("mesh");
    expect(routeFor("mesh", 5, 4)).toBe("sfu");
    expect(routeFor("sfu", 4, 4)).toBe("sfu");
    expect(routeFor("sfu", 3, 4)).toBe("sfu");
    expect(routeFor("sfu", 2, 4)).toBe("mesh");
  });
});

/** An SFU that records what is asked of it; `create` fails while `failing` is set. */
function fakeSfu() {
  const calls: string[] = [];
  let rooms = 0;
  const gone = new Set<string>();
  const sfu = {
    failing: false as boolean,
    gone,
    meshMax: 4,
    capacity: 50,
    create: vi.fn(async (meetingId: string): Promise<SfuRoom> => {
      calls.push(`create ${meetingId}`);
      if (sfu.failing) throw new Error("Janus is down");
      return { room: `${meetingId}-${++rooms}`, pin: "pin", secret: "secret" };
    }),
    changePin: vi.fn(async (room: SfuRoom) => ({ ...room, pin: `${room.pin}+` })),
    kick: vi.fn(async (room: SfuRoom, participantId: string) => void calls.push(`kick ${participantId}`)),
    destroy: vi.fn(async (room: SfuRoom) => void calls.push(`destroy ${room.room}`)),
    exists: vi.fn(async (room: SfuRoom): Promise<boolean> => !gone.has(room.room)),
    access: vi.fn(async (room: SfuRoom) => ({
      url: "ws://sfu",
      room: room.room,
      pin: room.pin,
      token: "t",
      expiresAt: 1,
    })),
  } satisfies SfuRooms & { failing: boolean; gone: Set<string> };
  return { sfu, calls };
}

function setup() {
  let now = 0;
  const { sfu, calls } = fakeSfu();
  const events = { changed: vi.fn(), accessChanged: vi.fn(), persist: vi.fn() };
  const route = new MeetingMediaRoute(
    () => "abcd-efgh",
    sfu,
    events,
    () => now,
  );
  return { route, sfu, calls, events, advance: (ms: number) => (now += ms) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("MeetingMediaRoute", () => {
  it("makes the SFU room one person ahead, so the move comes with the join that needs it", async () => {
    const { route, calls, events } = setup();
    route.membersChanged(3);
    expect(calls).toEqual([]);
    route.membersChanged(4);
    await settle();
    expect(calls).toEqual(["create abcd-efgh"]);
    expect(route.route).toBe("mesh");
    expect(events.changed).not.toHaveBeenCalled();
    route.membersChanged(5);
    // At once, in the same turn as the join: the roster that admits the fifth says "sfu".
    expect(route.route).toBe("sfu");
    expect(events.changed).toHaveBeenCalledTimes(1);
    expect(await route.access()).toMatchObject({ room: "abcd-efgh-1", pin: "pin" });
  });

  it("moves as soon as the room exists when a meeting jumps past the mesh's size", async () => {
    const { route } = setup();
    route.membersChanged(5);
    expect(route.route).toBe("mesh");
    await settle();
    expect(route.route).toBe("sfu");
  });

  it("stays peer to peer when the SFU cannot be reached, and tries again later", async () => {
    const { route, sfu, calls, advance } = setup();
    sfu.failing = true;
    vi.spyOn(console, "error").mockImplementation(() => {});
    route.membersChanged(5);
    await settle();
    expect(route.route).toBe("mesh");
    expect(await route.access()).toBeNull();
    route.sweep();
    expect(calls).toHaveLength(1);
    sfu.failing = false;
    advance(SFU_RETRY_MS + 1);
    route.sweep();
    await settle();
    expect(route.route).toBe("sfu");
  });

  it("holds a mesh's cap until the SFU carries the meeting, and the SFU's after", async () => {
    const { route } = setup();
    expect(route.capacity(6)).toBe(6);
    route.membersChanged(5);
    await settle();
    expect(route.capacity(6)).toBe(50);
  });

  it("goes back to peer to peer at two, keeps the room a while for a regrowth, then destroys it", async () => {
    const { route, calls, advance } = setup();
    route.membersChanged(5);
    await settle();
    route.membersChanged(2);
    expect(route.route).toBe("mesh");
    route.membersChanged(5);
    expect(route.route).toBe("sfu");
    expect(calls.filter((c) => c.startsWith("create"))).toHaveLength(1);
    route.membersChanged(2);
    advance(SFU_ROOM_KEPT_MS + 1);
    route.sweep();
    await settle();
    expect(calls).toContain("destroy abcd-efgh-1");
  });

  it("kicks a removed participant and changes the pin behind them", async () => {
    const { route, calls, events } = setup();
    route.membersChanged(5);
    await settle();
    await route.remove("p3");
    expect(calls).toContain("kick p3");
    expect(events.accessChanged).toHaveBeenCalled();
    expect(await route.access()).toMatchObject({ pin: "pin+" });
  });

  it("makes a new room when members find theirs gone, once however many report it", async () => {
    const { route, sfu, calls, events } = setup();
    route.membersChanged(5);
    await settle();
    await route.roomMissing("abcd-efgh-1");
    expect(calls.filter((c) => c.startsWith("create"))).toHaveLength(1);
    sfu.gone.add("abcd-efgh-1");
    await Promise.all([route.roomMissing("abcd-efgh-1"), route.roomMissing("abcd-efgh-1")]);
    await settle();
    expect(sfu.exists).toHaveBeenCalledTimes(2);
    expect(calls.filter((c) => c.startsWith("create"))).toHaveLength(2);
    expect(events.accessChanged).toHaveBeenCalledTimes(1);
    expect(await route.access()).toMatchObject({ room: "abcd-efgh-2" });
    // A report about a room long replaced changes nothing.
    await route.roomMissing("abcd-efgh-1");
    expect(sfu.exists).toHaveBeenCalledTimes(2);
  });

  it("comes back from a restart on the route and room it had", async () => {
    const first = setup();
    first.route.membersChanged(5);
    await settle();
    const second = setup();
    second.route.restore(first.route.snapshot());
    second.route.membersChanged(5);
    expect(second.route.route).toBe("sfu");
    expect(second.calls).toEqual([]);
  });

  it("is always peer to peer without an SFU", () => {
    const route = new MeetingMediaRoute(
      () => "m",
      null,
      { changed: vi.fn(), accessChanged: vi.fn(), persist: vi.fn() },
      () => 0,
    );
    route.membersChanged(40);
    expect(route.route).toBe("mesh");
    expect(route.capacity(6)).toBe(6);
  });
});
