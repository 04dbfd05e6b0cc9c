// @vitest-environment jsdom
import { within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { joinAs, participant, resetRoomTest, roster } from "./room-harness";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));
vi.mock("partysocket", () => import("./fake-party-socket"));
// Called once each time a remote tile draws: counted per person.
const drawnFor = vi.hoisted(() => vi.fn((_participantId: string) => null));
vi.mock("@/lib/hooks/useLinkStats", () => ({ useLinkStats: drawnFor }));

afterEach(() => {
  resetRoomTest();
  drawnFor.mockClear();
});

const ada = participant("p0", "Ada", 0);
const linus = participant("p1", "Linus", 1);
const grace = participant("p2", "Grace", 2);
const draws = (id: string) => drawnFor.mock.calls.filter(([participantId]) => participantId === id).length;
const tile = (id: string) => document.querySelector<HTMLElement>(`[data-participant-id="${id}"]`)!;

describe("a roster that changes one person", () => {
  it("draws that person's tile again and leaves everyone else's as it was", async () => {
    const room = await joinAs(ada, [ada, linus, grace]);
    const linusBefore = draws("p1");
    const graceBefore = draws("p2");

    // Every roster arrives as new objects, parsed from the wire.
    room.server.send(roster([{ ...ada }, { ...linus }, { ...grace, handRaised: true }]));

    expect(within(tile("p2")).getByRole("img", { name: "Hand raised" })).toBeTruthy();
    expect(draws("p2")).toBeGreaterThan(graceBefore);
    expect(draws("p1")).toBe(linusBefore);
    expect(within(tile("p1")).queryByRole("img", { name: "Hand raised" })).toBeNull();
  });
});
