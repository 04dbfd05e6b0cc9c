/**
 * Renders a meeting page against the fake socket and fake media, and plays the room server.
 * Test files still declare vi.mock("partysocket", ...) themselves: mocks are hoisted per file.
 */
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { expect, vi } from "vitest";
import { Room } from "@/components/Room";
import type { MediaRoute, Participant, ServerMessage } from "@/lib/protocol";
import FakePartySocket from "./fake-party-socket";
import {
  grantingGetUserMedia,
  installFakeMedia,
  restoreMediaDevices,
  type FakeMediaOptions,
} from "./fake-media";

export const ROOM_ID = "k7fq-2m9x-p4tz-8hwn";
export const PARTY_HOST = "party.test";
export const CAPACITY = 6;

export function participant(id: string, name: string, joinOrder: number): Participant {
  return { id, name, joinOrder };
}

export function roster(
  participants: Participant[],
  capacity = CAPACITY,
  locked = false,
  route: MediaRoute = "mesh",
): ServerMessage {
  return { type: "roster", participants, capacity, locked, route };
}

/** The room server's side of the socket; each step is wrapped in act so React renders what it caused. */
export class FakeServer {
  constructor(readonly socket: FakePartySocket) {}
  open(): void {
    act(() => this.socket.serverOpens());
  }
  drop(): void {
    act(() => this.socket.serverDrops());
  }
  send(message: ServerMessage): void {
    act(() => this.socket.serverSends(message));
  }
}

export interface RenderedRoom {
  user: UserEvent;
  server: FakeServer;
}

export function renderRoom(): RenderedRoom {
  const user = userEvent.setup();
  render(<Room roomId={ROOM_ID} partyHost={PARTY_HOST} />);
  return { user, server: new FakeServer(FakePartySocket.latest()) };
}

export const joinButton = () => screen.getByRole("button", { name: "Join now" });
export const nameField = () => screen.getByRole("textbox", { name: "Your name" });

/** Media granted and the socket open with nobody else present: the usual starting point. */
export async function renderReadyRoom(): Promise<RenderedRoom> {
  const room = renderRoom();
  room.server.open();
  room.server.send(roster([]));
  await waitFor(() => expect(joinButton()).toHaveProperty("disabled", false));
  return room;
}

/**
 * Joins as `self` (the first joiner, so no peer connection is made in jsdom) into a meeting with
 * `participants`; `beforeRoster` runs between "joined" and the roster, as the server's own frames do.
 */
export async function joinAs(
  self: Participant,
  participants: Participant[],
  beforeRoster: (server: FakeServer) => void = () => {},
  media: FakeMediaOptions = {},
): Promise<RenderedRoom> {
  installFakeMedia(grantingGetUserMedia().getUserMedia, media);
  const room = await renderReadyRoom();
  await room.user.type(nameField(), self.name);
  await room.user.click(joinButton());
  room.server.send({ type: "joined", self });
  beforeRoster(room.server);
  room.server.send(roster(participants));
  await waitForCallScreen();
  return room;
}

/**
 * The call screen is loaded on the way in, as in the browser: wait for it, and for its effects (a
 * tile's stream is attached in one), which run outside any act() when the module arrives.
 */
export async function waitForCallScreen(): Promise<void> {
  await screen.findByRole("region", { name: "Participants' video" }, { timeout: 5000 });
  await act(async () => {});
}

/** After each test: nothing rendered, no fake socket, clock, media or storage left for the next. */
export function resetRoomTest(): void {
  vi.useRealTimers();
  cleanup();
  FakePartySocket.reset();
  vi.unstubAllGlobals();
  restoreMediaDevices();
  localStorage.clear();
  sessionStorage.clear();
}
