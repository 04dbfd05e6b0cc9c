import { describe, expect, it } from "vitest";
import type { SfuRooms } from "@/party/sfu";
import { fakeSfu } from "./fake-sfu";
import { MemorySocket } from "./memory-socket";
import { settle, testRoom } from "./test-room";

const HOST_KEY = "host-key-0123456789abcdef";

function setup(sfu: SfuRooms | null = null) {
  const { room, member, send } = testRoom({ sfu, meetingId: () => "abcd-efgh", hostKey: HOST_KEY });
  return { room, join: member, send };
}

describe("a room's feeds on the SFU", () => {
  it("lists the feeds a member publishes, and refuses feeds named after someone else", async () => {
    const { join, send } = setup(fakeSfu());
    const ada = join("Ada");
    const bea = join("Bea");
    join("Cy");
    await settle();
    expect(bea.last("roster")?.route).toBe("sfu");
    send(ada, { type: "feeds", camera: "p0~camera-0001", screen: null });
    expect(bea.last("roster")?.participants[0]?.feeds).toEqual({ camera: "p0~camera-0001" });
    send(bea, { type: "feeds", camera: "p0~stolen-0001", screen: null });
    expect(bea.errors()).toContain("invalid-message");
    expect(ada.last("roster")?.participants[1]?.feeds).toBeUndefined();
    // Turning the microphone off keeps the feeds.
    send(ada, { type: "presence", presence: { audioOff: true, videoOff: false } });
    expect(bea.last("roster")?.participants[0]).toMatchObject({
      audioOff: true,
      feeds: { camera: "p0~camera-0001" },
    });
    // On the SFU and publishing nothing (no camera, no microphone), which is not the same as not
    // there yet: the others need not wait for media from Ada.
    send(ada, { type: "feeds", camera: null, screen: null });
    expect(bea.last("roster")?.participants[0]?.feeds).toEqual({});
  });

  it("keeps no feeds on the mesh, and forgets them all when the route changes", async () => {
    const { join, send } = setup(fakeSfu());
    const ada = join("Ada");
    const bea = join("Bea");
    send(ada, { type: "feeds", camera: "p0~camera-0001", screen: null });
    expect(bea.last("roster")?.participants[0]?.feeds).toBeUndefined();

    const cy = join("Cy");
    await settle();
    expect(bea.last("roster")?.route).toBe("sfu");
    send(ada, { type: "feeds", camera: "p0~camera-0002", screen: null });
    send(bea, { type: "feeds", camera: null, screen: null });
    expect(cy.last("roster")?.participants.map((p) => p.feeds)).toEqual([
      { camera: "p0~camera-0002" },
      {},
      undefined,
    ]);

    // Back on the mesh at two: nobody publishes on the SFU any more.
    send(cy, { type: "leave" });
    await settle();
    expect(ada.last("roster")?.route).toBe("mesh");
    expect(ada.last("roster")?.participants.map((p) => p.feeds)).toEqual([undefined, undefined]);
    // The old SFU transport saying it has left changes nothing.
    send(bea, { type: "feeds", camera: null, screen: null });
    expect(ada.last("roster")?.participants[1]?.feeds).toBeUndefined();
  });

  it("forgets a member's feeds when it comes back from a new page load, not after a reconnect", async () => {
    const fixture = testRoom({ sfu: fakeSfu(), meetingId: () => "abcd-efgh" });
    const { send } = fixture;
    const join = (name: string, instance: string) => {
      const socket = fixture.connect();
      fixture.join(socket, name, { session: `session-of-${name}-00000000`, instance });
      return socket;
    };
    const ada = join("Ada", "page-one");
    const bea = join("Bea", "page-one");
    join("Cy", "page-one");
    await settle();
    send(ada, { type: "feeds", camera: "p0~camera-0001", screen: null });
    const adaFeeds = () => bea.last("roster")?.participants.find((p) => p.name === "Ada")?.feeds;
    expect(adaFeeds()).toEqual({ camera: "p0~camera-0001" });

    // The same page back on a new connection: its publishers are still in the SFU room.
    join("Ada", "page-one");
    expect(adaFeeds()).toEqual({ camera: "p0~camera-0001" });
    // A reload: nothing of it is published until it says so again.
    const reloaded = join("Ada", "page-two");
    expect(adaFeeds()).toBeUndefined();
    send(reloaded, { type: "feeds", camera: "p0~camera-0002", screen: null });
    expect(adaFeeds()).toEqual({ camera: "p0~camera-0002" });
  });

  it("says every meeting is peer to peer without an SFU", () => {
    const { join } = setup();
    const ada = join("Ada");
    for (const name of ["Bea", "Cy", "Dee", "Eve"]) join(name);
    expect(ada.last("roster")?.route).toBe("mesh");
    expect(ada.all("sfu")).toEqual([]);
  });
});

describe("a room that moves to the SFU", () => {
  it("tells everyone to move past the mesh's size, and gives each member its way in", async () => {
    const { join } = setup(fakeSfu());
    const ada = join("Ada");
    const bea = join("Bea");
    expect(ada.last("roster")?.route).toBe("mesh");
    const cy = join("Cy");
    await settle();
    for (const socket of [ada, bea, cy]) {
      expect(socket.last("roster")?.route).toBe("sfu");
      expect(socket.last("sfu")).toMatchObject({ room: "abcd-efgh-sfu", pin: "pin-1", token: "token" });
    }
    // Someone joining later learns it on joining.
    const dee = join("Dee");
    await settle();
    expect(dee.last("sfu")?.room).toBe("abcd-efgh-sfu");
  });

  it("keeps the way in from pre-join observers", async () => {
    const { room, join } = setup(fakeSfu());
    for (const name of ["Ada", "Bea", "Cy"]) join(name);
    await settle();
    const observer = new MemorySocket("observer");
    room.connect(observer);
    await settle();
    expect(observer.last("roster")?.route).toBe("sfu");
    expect(observer.all("sfu")).toEqual([]);
  });

  it("kicks a removed member from the SFU room and gives the others a new pin", async () => {
    const sfu = fakeSfu();
    const { join, send } = setup(sfu);
    const ada = join("Ada", { hostKey: HOST_KEY });
    const bea = join("Bea");
    const cy = join("Cy");
    const dee = join("Dee");
    await settle();
    send(ada, { type: "remove", id: bea.last("joined")?.self.id });
    await settle();
    expect(sfu.kicked).toEqual(["p1"]);
    expect(bea.closedWith).not.toBeNull();
    for (const socket of [ada, cy, dee]) expect(socket.last("sfu")?.pin).toBe("pin-2");
    expect(bea.last("sfu")?.pin).toBe("pin-1");
  });
});

describe("a meeting on the SFU that expires", () => {
  it("lets its SFU room go with it", async () => {
    const sfu = fakeSfu();
    const { room, join } = setup(sfu);
    const people = ["Ada", "Bea", "Cy"].map((name) => join(name));
    await settle();
    expect(people[0]?.last("roster")?.route).toBe("sfu");
    for (const socket of people) room.disconnect(socket);

    room.end();

    expect(sfu.destroyed).toEqual(["abcd-efgh-sfu"]);
  });
});
