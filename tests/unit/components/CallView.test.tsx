// @vitest-environment jsdom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PROTOCOL_VERSION } from "@/lib/protocol";
import { grantingGetUserMedia, installFakeMedia, type FakeMediaStream } from "./fake-media";
import {
  joinButton,
  nameField,
  participant,
  renderReadyRoom,
  resetRoomTest,
  roster,
  ROOM_ID,
  type RenderedRoom,
  waitForCallScreen,
} from "./room-harness";

const { push } = vi.hoisted(() => ({ push: vi.fn<(href: string) => void>() }));
vi.mock("next/navigation", () => ({ useRouter: () => ({ push }) }));
vi.mock("partysocket", () => import("./fake-party-socket"));

afterEach(() => {
  resetRoomTest();
  push.mockReset();
  Reflect.deleteProperty(navigator, "clipboard");
});

// We are the first to join, so the newcomer dials us: no RTCPeerConnection is made on our side.
const ada = participant("p0", "Ada", 0);
const linus = participant("p1", "Linus", 1);

async function inCallWithLinus(): Promise<RenderedRoom & { local: FakeMediaStream }> {
  const media = grantingGetUserMedia();
  installFakeMedia(media.getUserMedia);
  const room = await renderReadyRoom();
  await room.user.type(nameField(), "Ada");
  await room.user.click(joinButton());
  room.server.send({ type: "joined", self: ada });
  room.server.send(roster([ada, linus]));
  await waitForCallScreen();
  const local = media.granted[0];
  if (!local) throw new Error("No camera stream was granted.");
  return { ...room, local };
}

function tile(participantId: string): HTMLElement {
  const videos = screen.getByRole("region", { name: "Participants' video" });
  const found = within(videos)
    .getAllByRole("figure")
    .find((figure) => figure.dataset.participantId === participantId);
  if (!found) throw new Error(`No tile for ${participantId}.`);
  return found;
}

function videoIn(figure: HTMLElement): HTMLVideoElement {
  const video = figure.querySelector("video");
  if (!video) throw new Error("The tile has no video element.");
  return video;
}

describe("Call view", () => {
  it("shows our own tile, muted, with the camera preview", async () => {
    const { local } = await inCallWithLinus();

    const mine = tile("p0");
    expect(mine.dataset.local).toBe("true");
    expect(within(mine).getByText("Ada (you)")).toBeTruthy();
    expect(videoIn(mine).muted).toBe(true);
    expect(videoIn(mine).srcObject).toBe(local);
  });

  it("shows a tile for the other participant, connecting, with sound", async () => {
    await inCallWithLinus();

    const theirs = tile("p1");
    expect(theirs.dataset.local).toBe("false");
    expect(within(theirs).getByText("Linus")).toBeTruthy();
    expect(within(theirs).getByRole("status").textContent).toBe("Connecting...");
    // Their voice plays apart from the tile, heard even when the tile is paged out of sight.
    expect(videoIn(theirs).muted).toBe(true);
    const voice = document.querySelector<HTMLAudioElement>('audio[data-voice-of="p1"]');
    expect(voice?.muted).toBe(false);
    expect(document.querySelectorAll("audio")).toHaveLength(1);
    expect(screen.getByText("2 people in the call")).toBeTruthy();
  });

  it("removes a participant's tile when they leave the roster", async () => {
    const { server } = await inCallWithLinus();

    server.send(roster([ada]));

    expect(
      within(screen.getByRole("region", { name: "Participants' video" })).getAllByRole("figure"),
    ).toHaveLength(1);
    expect(screen.getByText("1 person in the call")).toBeTruthy();
  });

  it("goes on joining when a call made ahead bounces because its person has just left", async () => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    const { user, server } = await renderReadyRoom();
    await user.type(nameField(), "Ada");
    await user.click(joinButton());

    server.send({ type: "error", code: "unknown-participant", fatal: false });
    server.send({ type: "joined", self: ada });
    server.send(roster([ada]));

    await waitForCallScreen();
    expect(screen.queryByRole("heading", { name: "Ready to join?" })).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("keeps the device state chosen before joining", async () => {
    const media = grantingGetUserMedia();
    installFakeMedia(media.getUserMedia);
    const { user, server } = await renderReadyRoom();
    await user.click(screen.getByRole("button", { name: "Camera" }));
    await user.type(nameField(), "Ada");
    await user.click(joinButton());
    server.send({ type: "joined", self: ada });
    await waitForCallScreen();

    expect(screen.getByRole("button", { name: "Camera" }).getAttribute("aria-pressed")).toBe("false");
    expect(screen.getByRole("button", { name: "Microphone" }).getAttribute("aria-pressed")).toBe("true");
  });

  it("leaves: tells the server, turns the camera and microphone off and goes to the start page", async () => {
    const { user, server, local } = await inCallWithLinus();

    await user.click(screen.getByRole("button", { name: "Leave" }));

    expect(server.socket.sent.at(-1)).toEqual({ type: "leave" });
    expect(server.socket.closedByApp).toBe(true);
    expect(local.getTracks().map((track) => track.readyState)).toEqual(["ended", "ended"]);
    expect(push).toHaveBeenCalledExactlyOnceWith("/");
    // Not the pre-join screen again, with a Join now that could no longer work.
    expect(screen.getByRole("heading", { name: "You left the meeting" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Join now" })).toBeNull();
    expect(screen.getByRole("link", { name: "Rejoin" }).getAttribute("href")).toBe(`/room/${ROOM_ID}`);
  });

  it("warns that the server connection dropped, keeps the call and joins again when it is back", async () => {
    const { server } = await inCallWithLinus();

    server.drop();
    expect(screen.getByRole("alert").textContent).toBe(
      "Lost the connection to the meeting server. Reconnecting...",
    );
    expect(tile("p1")).toBeTruthy();

    const firstJoin = server.socket.sent.find((m) => m.type === "join");
    server.open();
    expect(screen.queryByRole("alert")).toBeNull();
    // The same tab session and page load: the server takes us back as the same participant.
    expect(server.socket.sent.at(-1)).toEqual({
      type: "join",
      version: PROTOCOL_VERSION,
      name: "Ada",
      presence: { audioOff: false, videoOff: false, handRaised: false, recording: false },
      session: firstJoin?.type === "join" && firstJoin.session,
      instance: firstJoin?.type === "join" && firstJoin.instance,
    });
  });
});

describe("Call view: what everyone's microphone and camera are doing", () => {
  it("tells the others when we turn the microphone or camera off", async () => {
    const { user, server } = await inCallWithLinus();
    await user.click(screen.getByRole("button", { name: "Microphone" }));
    expect(server.socket.sent.at(-1)).toEqual({
      type: "presence",
      presence: { audioOff: true, videoOff: false, handRaised: false, recording: false },
    });
    await user.click(screen.getByRole("button", { name: "Camera" }));
    expect(server.socket.sent.at(-1)).toEqual({
      type: "presence",
      presence: { audioOff: true, videoOff: true, handRaised: false, recording: false },
    });
    expect(within(tile("p0")).getByRole("img", { name: "Microphone off" })).toBeTruthy();
  });

  it("shows a muted participant as muted, and their initials instead of black video", async () => {
    const { server } = await inCallWithLinus();
    expect(within(tile("p1")).queryByRole("img", { name: "Microphone off" })).toBeNull();
    server.send(roster([ada, { ...linus, audioOff: true, videoOff: true }]));
    expect(within(tile("p1")).getByRole("img", { name: "Microphone off" })).toBeTruthy();
    expect(tile("p1").textContent).toContain("L");
    expect(videoIn(tile("p1")).closest(".invisible")).not.toBeNull();
  });
});

describe("Call view: Copy invite link", () => {
  const link = () => `${window.location.origin}/room/${ROOM_ID}`;
  const statusTexts = () => screen.getAllByRole("status").map((status) => status.textContent);

  function stubClipboard(writeText: (text: string) => Promise<void>) {
    const stub = vi.fn(writeText);
    Object.defineProperty(navigator, "clipboard", { value: { writeText: stub }, configurable: true });
    return stub;
  }

  /** Clicks Copy invite link with the clock faked, so how long the answer stays is the test's to say. */
  async function copyWithFakeClock(writeText: (text: string) => Promise<void>) {
    await inCallWithLinus();
    const stub = stubClipboard(writeText);
    vi.useFakeTimers();
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Copy invite link" })));
    return stub;
  }

  afterEach(() => vi.useRealTimers());

  it("copies the meeting's link and says so for a few seconds", async () => {
    const writeText = await copyWithFakeClock(async () => {});

    expect(writeText).toHaveBeenCalledExactlyOnceWith(link());
    expect(statusTexts()).toContain("Invite link copied.");
    act(() => vi.advanceTimersByTime(3_900));
    expect(statusTexts()).toContain("Invite link copied.");
    act(() => vi.advanceTimersByTime(200));
    expect(statusTexts()).not.toContain("Invite link copied.");
  });

  it("shows the link to copy by hand when the clipboard refuses, for as long as it takes", async () => {
    await copyWithFakeClock(async () => {
      throw new DOMException("Write permission denied.", "NotAllowedError");
    });

    expect(statusTexts()).toContain(`Copy this link to invite people: ${link()}`);
    act(() => vi.advanceTimersByTime(60_000));
    expect(statusTexts()).toContain(`Copy this link to invite people: ${link()}`);
  });
});
