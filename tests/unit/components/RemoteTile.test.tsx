// @vitest-environment jsdom
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { describeLink, RemoteTile } from "@/components/RemoteTile";
import type { RoomSession } from "@/lib/call/room-session";
import { RoomProvider, useRoomActions, useRoomSession } from "@/lib/hooks/room-context";
import type { RoomActions } from "@/lib/store/room-store";
import FakePartySocket from "./fake-party-socket";
import { asMediaStream, fakeStream } from "./fake-media";

vi.mock("partysocket", () => import("./fake-party-socket"));

afterEach(() => {
  cleanup();
  FakePartySocket.reset();
});

describe("describeLink", () => {
  it("shows nothing over the video once connected", () => {
    expect(describeLink({ status: "connected" }, "Ada")).toBeNull();
  });

  it.each([
    ["connecting", "Connecting..."],
    ["reconnecting", "Reconnecting..."],
  ] as const)("says %s calmly, not as a problem", (status, text) => {
    expect(describeLink({ status }, "Ada")).toEqual({
      text,
      problem: false,
    });
  });

  it.each([
    [null, "Still trying."],
    [12, "Trying again in 12 s."],
    [0, "Trying again now."],
  ])(
    "names the person who can't be reached, flags it, and says when it tries again (%s s)",
    (retryIn, next) => {
      expect(describeLink({ status: "unreachable" }, "Ada", retryIn)).toEqual({
        text: `Can't reach Ada. A firewall or network between you may be blocking the call. ${next}`,
        problem: true,
      });
    },
  );

  it("says when the relay server refused the meeting's credentials, and what to do", () => {
    expect(describeLink({ status: "relay-refused" }, "Ada")).toEqual({
      text: "Can't reach Ada: the relay server turned down this meeting's credentials. Reload the page to get new ones.",
      problem: true,
    });
  });
});

describe("RemoteTile", () => {
  /** Renders Linus's tile and hands back the store's actions, to play what the peer link reports. */
  function renderTile(): RoomActions {
    return renderTileWithSession().actions;
  }

  function renderTileWithSession(): { actions: RoomActions; session: RoomSession } {
    const captured: { actions?: RoomActions; session?: RoomSession } = {};
    function CaptureActions() {
      captured.actions = useRoomActions();
      captured.session = useRoomSession();
      return null;
    }
    render(
      <RoomProvider roomId="k7fq-2m9x-p4tz-8hwn" partyHost="party.test">
        <CaptureActions />
        <RemoteTile participant={{ id: "p1", name: "Linus", joinOrder: 1 }} />
      </RoomProvider>,
    );
    const { actions, session } = captured;
    if (!actions || !session) throw new Error("The store's actions were not captured.");
    return { actions, session };
  }

  it("says Connecting... before the link reports anything", () => {
    renderTile();

    expect(screen.getByRole("status").textContent).toBe("Connecting...");
  });

  it("raises an alert when the person can't be reached, and clears it once connected", () => {
    const actions = renderTile();

    act(() => actions.setPeerStatus("p1", "unreachable"));
    expect(screen.getByRole("alert").textContent).toContain("Can't reach Linus.");

    act(() => actions.setPeerStatus("p1", "connected"));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("counts down to the next attempt while the person can't be reached", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    try {
      const actions = renderTile();
      act(() => actions.setPeerStatus("p1", "unreachable", Date.now() + 20_000));
      expect(screen.getByRole("alert").textContent).toContain("Trying again in 20 s.");

      act(() => vi.advanceTimersByTime(5000));
      expect(screen.getByRole("alert").textContent).toContain("Trying again in 15 s.");
      act(() => vi.advanceTimersByTime(15_000));
      expect(screen.getByRole("alert").textContent).toContain("Trying again now.");
    } finally {
      vi.useRealTimers();
    }
  });

  it("shows the peer's stream, its sound left to the call's audio elements", () => {
    const actions = renderTile();
    const stream = asMediaStream(fakeStream("audio", "video"));

    act(() => actions.setPeerStream("p1", stream));

    const video = screen.getByRole("figure").querySelector("video");
    expect(video?.srcObject).toBe(stream);
    expect(video?.muted).toBe(true);
  });

  it("shows the player made as the call brought the stream, stopped with the meeting page", () => {
    const { actions, session } = renderTileWithSession();
    const stream = asMediaStream(fakeStream("audio", "video"));
    session.players.prepare("p1", stream);
    const madeAhead = session.players.take("video", stream);

    act(() => actions.setPeerStream("p1", stream));

    expect(screen.getByRole("figure").querySelector("video")).toBe(madeAhead);
    cleanup();
    expect(madeAhead.isConnected).toBe(false);
    expect(madeAhead.srcObject).toBeNull();
  });
});
