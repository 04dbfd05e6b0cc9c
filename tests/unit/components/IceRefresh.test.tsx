// @vitest-environment jsdom
import { act } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import FakePartySocket from "./fake-party-socket";
import { joinAs, participant, resetRoomTest } from "./room-harness";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));
vi.mock("partysocket", () => import("./fake-party-socket"));

afterEach(resetRoomTest);

const ada = participant("p0", "Ada", 0);
const refreshes = () => FakePartySocket.latest().sent.filter((m) => m.type === "refresh-ice").length;

describe("TURN credentials in a long meeting", () => {
  it("asks for fresh ones well before they expire, and again for the fresh ones", async () => {
    const room = await joinAs(ada, [ada]);
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 25, 9, 0, 0) });
    const turn = (expiresAt: number) =>
      room.server.send({
        type: "ice-config",
        iceServers: [{ urls: "turn:relay.test:3478", username: "x:p0", credential: "c" }],
        iceTransportPolicy: "all",
        expiresAt,
      });
    const hour = 60 * 60 * 1000;
    turn(Date.now() + hour);
    act(() => void vi.advanceTimersByTime(0.75 * hour));
    expect(refreshes()).toBe(0);
    act(() => void vi.advanceTimersByTime(0.1 * hour));
    expect(refreshes()).toBe(1);

    turn(Date.now() + hour);
    act(() => void vi.advanceTimersByTime(0.85 * hour));
    expect(refreshes()).toBe(2);
  });

  it("does not ask without TURN (no expiry)", async () => {
    const room = await joinAs(ada, [ada]);
    vi.useFakeTimers();
    room.server.send({ type: "ice-config", iceServers: [], iceTransportPolicy: "all", expiresAt: null });
    act(() => void vi.advanceTimersByTime(24 * 60 * 60 * 1000));
    expect(refreshes()).toBe(0);
  });
});
