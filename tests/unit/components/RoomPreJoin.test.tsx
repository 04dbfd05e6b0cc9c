// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_NAME_LENGTH, PROTOCOL_VERSION } from "@/lib/protocol";
import FakePartySocket from "./fake-party-socket";
import { deferredGetUserMedia, fakeStream, grantingGetUserMedia, installFakeMedia } from "./fake-media";
import {
  CAPACITY,
  joinButton,
  nameField,
  participant,
  renderReadyRoom,
  renderRoom,
  resetRoomTest,
  roster,
} from "./room-harness";

vi.mock("partysocket", () => import("./fake-party-socket"));

afterEach(resetRoomTest);

const ada = participant("p0", "Ada", 0);
const linus = participant("p1", "Linus", 1);

describe("Room pre-join: who is here", () => {
  it("checks who is here until the server answers, then names the people present", () => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    const { server } = renderRoom();
    expect(screen.getByText("Checking who is here...")).toBeTruthy();

    server.open();
    // An open socket alone says nothing about who is here, nor whether there is room.
    expect(screen.getByText("Checking who is here...")).toBeTruthy();
    expect(joinButton()).toHaveProperty("disabled", true);
    server.send(roster([]));
    expect(screen.getByText("No one else is here yet")).toBeTruthy();

    server.send(roster([ada, linus]));
    expect(screen.getByText("Ada and Linus are here")).toBeTruthy();
  });

  it("opens one socket to this meeting on the configured server", () => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    renderRoom();

    expect(FakePartySocket.instances.map((socket) => socket.address)).toEqual([
      expect.objectContaining({ host: "party.test", room: "k7fq-2m9x-p4tz-8hwn" }),
    ]);
    // It tries again within a second of a drop, not PartySocket's 3 s, and not at a fixed instant.
    const { minReconnectionDelay } = FakePartySocket.instances[0]?.address as {
      minReconnectionDelay: number;
    };
    expect(minReconnectionDelay).toBeGreaterThanOrEqual(250);
    expect(minReconnectionDelay).toBeLessThanOrEqual(1000);
  });
});

describe("Room pre-join: Join now", () => {
  it("stays disabled until both the camera and the socket are ready", async () => {
    const media = deferredGetUserMedia();
    installFakeMedia(media.getUserMedia);
    const { server } = renderRoom();
    expect(joinButton()).toHaveProperty("disabled", true);

    server.open();
    server.send(roster([]));
    expect(joinButton()).toHaveProperty("disabled", true);

    media.resolve(fakeStream("audio", "video"));
    await waitFor(() => expect(joinButton()).toHaveProperty("disabled", false));
    // The preview is only a preview: no pinning, full screen, floating or snapshots of it.
    expect(screen.queryByRole("button", { name: /full screen|snapshot|Float|Pin/ })).toBeNull();
  });

  it("stays disabled while the socket is not open, even with the camera ready", async () => {
    const { getUserMedia } = grantingGetUserMedia();
    installFakeMedia(getUserMedia);
    renderRoom();

    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Camera" })).toHaveProperty("disabled", false),
    );
    expect(joinButton()).toHaveProperty("disabled", true);
  });

  it.each([
    ["empty", ""],
    ["only spaces", "   "],
  ])("asks for a name when it is %s and sends nothing", async (_label, typed) => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    const { user, server } = await renderReadyRoom();

    if (typed) await user.type(nameField(), typed);
    await user.click(joinButton());

    const alert = screen.getByRole("alert");
    expect(alert.textContent).toBe("Enter your name.");
    expect(nameField().getAttribute("aria-invalid")).toBe("true");
    expect(nameField().getAttribute("aria-describedby")).toBe(alert.id);
    expect(server.socket.sent).toEqual([]);
    expect(localStorage.getItem("parley:name")).toBeNull();
  });

  it("clears the name error once the person types", async () => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    const { user } = await renderReadyRoom();
    await user.click(joinButton());

    await user.type(nameField(), "A");

    expect(screen.queryByRole("alert")).toBeNull();
    expect(nameField().hasAttribute("aria-invalid")).toBe(false);
  });

  it("sends a join with the protocol version and the trimmed name, and remembers the name", async () => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    const { user, server } = await renderReadyRoom();

    await user.type(nameField(), "  Ada Lovelace  ");
    await user.click(joinButton());

    expect(server.socket.sent).toEqual([
      {
        type: "join",
        version: PROTOCOL_VERSION,
        name: "Ada Lovelace",
        presence: { audioOff: false, videoOff: false, handRaised: false, recording: false },
        // This tab's session, to come back as the same participant, and this page load.
        session: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/),
        instance: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
      },
    ]);
    expect(localStorage.getItem("parley:name")).toBe("Ada Lovelace");
    expect(joinButton()).toHaveProperty("disabled", true);
  });

  it("pre-fills the name used last time", () => {
    localStorage.setItem("parley:name", "Grace");
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    renderRoom();

    expect(nameField()).toHaveProperty("value", "Grace");
  });
});

describe("Room pre-join: refusals and failures", () => {
  it("says when the meeting is full and does not offer to join", async () => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    const { server } = await renderReadyRoom();
    const everyone = Array.from({ length: CAPACITY }, (_, i) => participant(`p${i}`, `Person ${i}`, i));

    server.send(roster(everyone));

    expect(screen.getByRole("alert").textContent).toBe("This meeting is full (6 of 6).");
    expect(joinButton()).toHaveProperty("disabled", true);
  });

  it("stops saying the meeting is full once a seat frees up", async () => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    const { user, server } = await renderReadyRoom();
    const everyone = Array.from({ length: CAPACITY }, (_, i) => participant(`p${i}`, `Person ${i}`, i));
    await user.type(nameField(), "Ada");
    await user.click(joinButton());
    server.send({ type: "error", code: "room-full", fatal: false });
    server.send(roster(everyone));
    expect(screen.getByRole("alert").textContent).toBe("This meeting is full (6 of 6).");

    server.send(roster(everyone.slice(1)));

    expect(screen.queryByRole("alert")).toBeNull();
    expect(joinButton()).toHaveProperty("disabled", false);
  });

  it("ends a knock the waiting room has no place for, saying so, and offers to try again", async () => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    const { user, server } = await renderReadyRoom();
    await user.type(nameField(), "Ada");
    await user.click(joinButton());
    server.send({ type: "knocking", hostPresent: true });
    expect(await screen.findByText(/Asking to join/)).toBeTruthy();

    // As after a reconnect, when the knock is sent again and the waiting room has filled meanwhile.
    server.send({ type: "error", code: "waiting-room-full", fatal: false });

    expect(screen.getByRole("alert").textContent).toBe(
      "Too many people are waiting to be let in. Try again in a few minutes.",
    );
    expect(joinButton()).toHaveProperty("disabled", false);
    expect(screen.queryByText(/Asking to join/)).toBeNull();
  });

  it("starts with the name field focused, the one thing to fill in", async () => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    await renderReadyRoom();
    expect(document.activeElement).toBe(nameField());
  });

  it("says a name is too long while it is typed", async () => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    const { user } = await renderReadyRoom();
    await user.type(nameField(), "x".repeat(MAX_NAME_LENGTH));
    expect(screen.queryByRole("alert")).toBeNull();

    await user.type(nameField(), "y");

    expect(screen.getByRole("alert").textContent).toBe(`Use at most ${MAX_NAME_LENGTH} characters.`);
    expect(nameField().getAttribute("aria-invalid")).toBe("true");
  });

  it("returns to pre-join saying the meeting is full when it fills up during the join", async () => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    const { user, server } = await renderReadyRoom();
    await user.type(nameField(), "Ada");
    await user.click(joinButton());

    server.send({ type: "error", code: "room-full", fatal: false });

    expect(screen.getByRole("alert").textContent).toBe(`This meeting is full (${CAPACITY} of ${CAPACITY}).`);
    expect(screen.getByRole("heading", { name: "Ready to join?" })).toBeTruthy();
    expect(joinButton()).toHaveProperty("disabled", false);
  });

  it("gives a join sent again on a new connection its whole time, then says the server didn't answer", async () => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    const { user, server } = await renderReadyRoom();
    await user.type(nameField(), "Ada");
    vi.useFakeTimers();
    act(() => fireEvent.click(joinButton()));
    const joins = () => server.socket.sent.filter((message) => message.type === "join").length;

    act(() => void vi.advanceTimersByTime(6_000));
    server.drop();
    server.open();
    expect(joins()).toBe(2);
    act(() => void vi.advanceTimersByTime(6_000));
    expect(screen.queryByRole("alert")).toBeNull();

    act(() => void vi.advanceTimersByTime(4_100));
    expect(screen.getByRole("alert").textContent).toBe(
      "The meeting server didn't answer. Check your connection and try joining again.",
    );
    expect(joinButton()).toHaveProperty("disabled", false);
  });

  it("says why a join was refused instead of waiting for ever", async () => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    const { user, server } = await renderReadyRoom();
    await user.type(nameField(), "Ada");
    await user.click(joinButton());

    server.send({ type: "error", code: "invalid-message", detail: "Invalid message at name.", fatal: false });

    expect(screen.getByRole("alert").textContent).toMatch(/^The meeting server didn't understand this page/);
    expect(joinButton()).toHaveProperty("disabled", false);
  });

  it("shows Meeting not found with a way back for a meeting that does not exist", () => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    const { server } = renderRoom();
    server.open();

    server.send({ type: "error", code: "room-not-found", fatal: true });

    expect(screen.getByRole("heading", { name: "Meeting not found" })).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toContain("This meeting has ended, or its code is wrong.");
    expect(screen.getByRole("link", { name: "Start a new meeting" }).getAttribute("href")).toBe("/");
    expect(screen.queryByRole("button", { name: "Join now" })).toBeNull();
    expect(server.socket.closedByApp).toBe(true);
  });

  it.each([
    ["newer", PROTOCOL_VERSION + 1, "This page is out of date. Reload it to join the meeting."],
    ["older", PROTOCOL_VERSION - 1, "The meeting server is older than this page."],
  ])(
    "says which is out of date when the server's version is %s, with a way to reload",
    (_, version, text) => {
      installFakeMedia(grantingGetUserMedia().getUserMedia);
      const { server } = renderRoom();
      server.open();

      server.send({ type: "error", code: "version-mismatch", serverVersion: version, fatal: true });

      expect(screen.getByRole("alert").textContent).toContain(text);
      expect(screen.getByRole("heading", { name: "Can't join this meeting" })).toBeTruthy();
      expect(screen.getByRole("button", { name: "Reload" })).toBeTruthy();
      expect(screen.queryByRole("button", { name: "Join now" })).toBeNull();
    },
  );

  it("warns while the meeting server can't be reached, and stops once it is back", () => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    const { server } = renderRoom();

    server.drop();
    expect(screen.getByRole("alert").textContent).toBe("Can't reach the meeting server. Reconnecting...");

    server.open();
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
