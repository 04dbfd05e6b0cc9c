import { describe, expect, it } from "vitest";
import { REACTION_RATE } from "@/party/room";
import type { MemorySocket } from "./memory-socket";
import { testRoom } from "./test-room";

const HOST_KEY = "host-key-0123456789abcdef";
const roster = (socket: MemorySocket) => socket.last("roster")?.participants ?? [];
const hands = (socket: MemorySocket) =>
  roster(socket)
    .filter((p) => p.handRaised)
    .sort((a, b) => (a.handRaisedAt ?? 0) - (b.handRaisedAt ?? 0))
    .map((p) => p.name);

describe("presence", () => {
  it("shows what each person says of themselves, and only what is on", () => {
    const { member, send } = testRoom();
    const ada = member("Ada", { presence: { audioOff: true, videoOff: false } });
    const bea = member("Bea");
    expect(roster(bea)[0]).toEqual({ id: "p0", name: "Ada", joinOrder: 0, audioOff: true });

    send(ada, { type: "presence", presence: { audioOff: false, recording: true } });
    expect(roster(bea)[0]).toEqual({ id: "p0", name: "Ada", joinOrder: 0, recording: true });
  });

  it("cannot rename anyone, make them host or move them in the join order", () => {
    const { member, send } = testRoom({ hostKey: HOST_KEY });
    member("Host", { hostKey: HOST_KEY });
    const bea = member("Bea");
    send(bea, {
      type: "presence",
      presence: { handRaised: true, host: true, name: "Host", id: "p0", joinOrder: 0, handRaisedAt: 0 },
    });
    expect(roster(bea)[1]).toEqual({
      id: "p1",
      name: "Bea",
      joinOrder: 1,
      handRaised: true,
      handRaisedAt: 0,
    });
    expect(
      roster(bea)
        .filter((p) => p.host)
        .map((p) => p.name),
    ).toEqual(["Host"]);
  });

  it("sends no roster when nothing changed", () => {
    const { member, send } = testRoom();
    const ada = member("Ada", { presence: { audioOff: true } });
    const bea = member("Bea");
    const rosters = bea.all("roster").length;
    send(ada, { type: "presence", presence: { audioOff: true, videoOff: false } });
    expect(bea.all("roster")).toHaveLength(rosters);
  });

  it("refuses presence from someone who has not joined", () => {
    const { connect, send, member } = testRoom();
    const bea = member("Bea");
    const observer = connect();
    const rosters = bea.all("roster").length;
    send(observer, { type: "presence", presence: { handRaised: true } });
    expect(observer.errors()).toEqual(["not-joined"]);
    expect(bea.all("roster")).toHaveLength(rosters);
  });
});

describe("raised hands", () => {
  it("are taken in the order raised, a hand raised again going to the back", () => {
    const { member, send, tick } = testRoom({ startAt: 1_000 });
    const [ada, bea, cy] = [member("Ada"), member("Bea"), member("Cy")];
    send(bea, { type: "presence", presence: { handRaised: true } });
    tick(1_000);
    send(ada, { type: "presence", presence: { handRaised: true } });
    tick(1_000);
    // Turning the microphone off keeps the hand where it was in the queue.
    send(bea, { type: "presence", presence: { handRaised: true, audioOff: true } });
    send(cy, { type: "presence", presence: { handRaised: true } });
    expect(hands(cy)).toEqual(["Bea", "Ada", "Cy"]);

    send(bea, { type: "presence", presence: {} });
    tick(1_000);
    send(bea, { type: "presence", presence: { handRaised: true } });
    expect(hands(cy)).toEqual(["Ada", "Cy", "Bea"]);
  });

  it("can be lowered by a host, who tells the owner's page, and by nobody else", () => {
    const { member, send } = testRoom({ hostKey: HOST_KEY });
    const host = member("Host", { hostKey: HOST_KEY });
    const bea = member("Bea", { presence: { handRaised: true } });
    const cy = member("Cy", { presence: { handRaised: true } });

    send(cy, { type: "lower-hand", id: "p1" });
    expect(cy.errors()).toEqual(["not-host"]);
    expect(hands(host)).toEqual(["Bea", "Cy"]);

    send(host, { type: "lower-hand", id: "p1" });
    expect(hands(cy)).toEqual(["Cy"]);
    expect(bea.last("hand-lowered")).toEqual({ type: "hand-lowered", by: "p0" });
    expect(cy.last("hand-lowered")).toBeUndefined();

    send(host, { type: "lower-hand", id: "nobody" });
    expect(host.errors()).toEqual(["unknown-participant"]);
  });

  it("stay up, in their place, when their page reconnects", () => {
    const { room, member, connect, join, send, tick } = testRoom({ startAt: 5_000 });
    const session = { session: "session-of-ada-0000000", instance: "page-one" };
    const ada = member("Ada", { ...session, presence: { handRaised: true } });
    tick(1_000);
    const bea = member("Bea", { presence: { handRaised: true } });
    room.disconnect(ada);
    tick(1_000);
    join(connect(), "Ada", { ...session, presence: { handRaised: true } });
    send(bea, { type: "presence", presence: { handRaised: true } });
    expect(roster(bea).map((p) => [p.name, p.handRaisedAt])).toEqual([
      ["Ada", 5_000],
      ["Bea", 6_000],
    ]);
  });
});

describe("reactions", () => {
  it("reach every member, not the pre-join screens", () => {
    const { member, connect, send } = testRoom();
    const [ada, bea] = [member("Ada"), member("Bea")];
    const observer = connect();
    send(bea, { type: "react", reaction: "clap" });
    for (const socket of [ada, bea]) {
      expect(socket.last("reaction")).toEqual({ type: "reaction", from: "p1", reaction: "clap" });
    }
    expect(observer.all("reaction")).toEqual([]);
  });

  it("are limited per person, and the others never see the excess", () => {
    const { member, send, tick } = testRoom();
    const [ada, bea] = [member("Ada"), member("Bea")];
    for (let n = 0; n < REACTION_RATE.burst + 3; n++) send(bea, { type: "react", reaction: "heart" });
    expect(ada.all("reaction")).toHaveLength(REACTION_RATE.burst);
    expect(bea.errors()).toEqual(Array(3).fill("too-many-reactions"));

    tick(1_000 / REACTION_RATE.perSecond);
    send(bea, { type: "react", reaction: "heart" });
    send(ada, { type: "react", reaction: "laugh" });
    expect(ada.all("reaction")).toHaveLength(REACTION_RATE.burst + 2);
  });

  it("are refused by name when not one of the offered few", () => {
    const { member, send } = testRoom();
    const [ada, bea] = [member("Ada"), member("Bea")];
    send(bea, { type: "react", reaction: "<img src=x>" });
    expect(bea.errors()).toEqual(["invalid-message"]);
    expect(ada.all("reaction")).toEqual([]);
  });
});

describe("knocking with no host in the meeting", () => {
  it("says no host is here, then says so again when one comes", () => {
    const { member, send, connect, join, room } = testRoom({ hostKey: HOST_KEY });
    const host = member("Host", { hostKey: HOST_KEY });
    member("Guest");
    send(host, { type: "lock", locked: true });
    send(host, { type: "leave" });
    const bea = connect();
    join(bea, "Bea");
    expect(bea.last("knocking")).toEqual({ type: "knocking", hostPresent: false });

    const back = member("Host", { hostKey: HOST_KEY });
    expect(bea.last("knocking")).toEqual({ type: "knocking", hostPresent: true });
    expect(back.last("knocks")?.knocks.map((k) => k.name)).toEqual(["Bea"]);
    expect(room.participants.map((p) => p.name)).toEqual(["Guest", "Host"]);
  });
});
