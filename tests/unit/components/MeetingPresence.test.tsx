// @vitest-environment jsdom
import { act, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { REACTION_SHOWN_MS } from "@/lib/call/room-session";
import type { ClientMessage } from "@/lib/protocol";
import { joinAs, participant, resetRoomTest, roster } from "./room-harness";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));
vi.mock("partysocket", () => import("./fake-party-socket"));

afterEach(resetRoomTest);

const ada = participant("p0", "Ada", 0);
const bea = participant("p1", "Bea", 1);
const cy = participant("p2", "Cy", 2);
const host = { ...ada, host: true as const };

const tile = (id: string) => {
  const found = document.querySelector<HTMLElement>(`[data-participant-id="${id}"]`);
  if (!found) throw new Error(`No tile for ${id}`);
  return found;
};
const lastSent = (socket: { sent: ClientMessage[] }, type: ClientMessage["type"]) =>
  socket.sent.filter((message) => message.type === type).at(-1);
const announced = () => screen.getAllByRole("status").map((status) => status.textContent ?? "");

describe("raising a hand", () => {
  it("goes up with H or the button, for everyone, and shows on our own tile", async () => {
    const { user, server } = await joinAs(ada, [ada, bea]);
    await user.keyboard("h");
    expect(lastSent(server.socket, "presence")).toEqual({
      type: "presence",
      presence: { audioOff: false, videoOff: false, handRaised: true, recording: false },
    });
    const button = screen.getByRole("button", { name: "Raise hand" });
    expect(button.getAttribute("aria-pressed")).toBe("true");
    expect(within(tile("p0")).getByRole("img", { name: "Hand raised" })).toBeTruthy();

    await user.click(button);
    expect(lastSent(server.socket, "presence")).toMatchObject({ presence: { handRaised: false } });
    expect(within(tile("p0")).queryByRole("img", { name: "Hand raised" })).toBeNull();
  });

  it("lists hands in the order raised, which a host can lower, and the owner is told", async () => {
    const { user, server } = await joinAs(host, [host, bea, cy]);
    server.send(
      roster([
        host,
        { ...bea, handRaised: true, handRaisedAt: 2_000 },
        { ...cy, handRaised: true, handRaisedAt: 1_000 },
      ]),
    );
    expect(within(tile("p1")).getByRole("img", { name: "Hand raised" })).toBeTruthy();
    expect(announced().join(" ")).toMatch(/Bea raised their hand\. Cy raised their hand\./);
    await user.click(screen.getByRole("button", { name: "Participants" }));
    const hands = screen.getByRole("region", { name: "Raised hands" });
    expect(
      within(hands)
        .getAllByRole("listitem")
        .map((item) => item.textContent?.slice(0, 2)),
    ).toEqual(["Cy", "Be"]);

    await user.click(within(hands).getByRole("button", { name: "Lower hand of Bea" }));
    expect(lastSent(server.socket, "lower-hand")).toEqual({ type: "lower-hand", id: "p1" });
  });

  it("comes down when a host lowers it, saying who did", async () => {
    const { user, server } = await joinAs(bea, [host, bea]);
    await user.keyboard("h");
    server.send({ type: "hand-lowered", by: "p0" });
    expect(screen.getByRole("button", { name: "Raise hand" }).getAttribute("aria-pressed")).toBe("false");
    expect(screen.getByRole("alert").textContent).toContain("Ada lowered your hand.");
    expect(lastSent(server.socket, "presence")).toMatchObject({ presence: { handRaised: false } });
  });
});

describe("reactions", () => {
  it("are sent from the picker, and shown with the sender's name for a few seconds", async () => {
    const { user, server } = await joinAs(ada, [ada, bea]);
    await user.click(screen.getByRole("button", { name: "Send a reaction" }));
    await user.click(
      within(screen.getByRole("group", { name: "Send a reaction" })).getByRole("button", { name: "Clap" }),
    );
    expect(lastSent(server.socket, "react")).toEqual({ type: "react", reaction: "clap" });

    vi.useFakeTimers();
    server.send({ type: "reaction", from: "p1", reaction: "heart" });
    const stack = screen.getByRole("list", { name: "Reactions" });
    expect(within(stack).getByRole("listitem").textContent).toContain("Bea");
    expect(within(stack).getByRole("img", { name: "Heart" })).toBeTruthy();
    expect(tile("p1").textContent).toContain("❤️");

    act(() => vi.advanceTimersByTime(REACTION_SHOWN_MS));
    expect(within(stack).queryAllByRole("listitem")).toEqual([]);
    expect(tile("p1").textContent).not.toContain("❤️");
  });

  it("say so when sent faster than the meeting passes on", async () => {
    const { server } = await joinAs(ada, [ada, bea]);
    server.send({ type: "error", code: "too-many-reactions", fatal: false });
    expect(screen.getByRole("alert").textContent).toContain("Reactions are limited to a few a second.");
  });
});

describe("who comes, goes and records", () => {
  it("announces joins and leaves by name", async () => {
    const { server } = await joinAs(ada, [ada, bea]);
    server.send(roster([ada, bea, cy]));
    expect(announced()).toContain("Cy joined.");
    server.send(roster([ada, cy]));
    expect(announced()).toContain("Bea left.");
  });

  it("tells everyone, late joiners too, who is recording", async () => {
    const { server } = await joinAs(cy, [{ ...ada, recording: true }, bea, cy]);
    expect(screen.getByText("Ada is recording this meeting.")).toBeTruthy();
    server.send(roster([{ ...ada, recording: true }, { ...bea, recording: true }, cy]));
    expect(screen.getByText("Ada and Bea are recording this meeting.")).toBeTruthy();
    server.send(roster([ada, bea, cy]));
    expect(screen.queryByText(/recording this meeting/)).toBeNull();
  });
});

describe("a knock at a locked meeting", () => {
  it("reaches a host with another panel open, who can answer it there", async () => {
    const { user, server } = await joinAs(host, [host]);
    await user.click(screen.getByRole("button", { name: "Chat" }));
    server.send({ type: "knocks", knocks: [{ id: "k1", name: "Dee" }] });
    const alert = screen.getByRole("alert", { name: "Waiting to join" });
    expect(alert.textContent).toContain("Dee is asking to join.");
    await user.click(within(alert).getByRole("button", { name: "Admit Dee" }));
    expect(lastSent(server.socket, "admit")).toEqual({ type: "admit", id: "k1" });
  });
});
