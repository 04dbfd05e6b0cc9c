// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Lobby } from "@/components/Lobby";
import { ROOM_ID_PATTERN } from "@/lib/room-id";
import FakePartySocket from "./fake-party-socket";

const { push } = vi.hoisted(() => ({ push: vi.fn<(href: string) => void>() }));
vi.mock("next/navigation", () => ({ useRouter: () => ({ push }) }));
vi.mock("partysocket", () => import("./fake-party-socket"));

const START_FAILED =
  "Couldn't reach the meeting server to start a meeting. Check your connection and try again.";
const BAD_CODE = "That isn't a meeting code or link. A code looks like k7fq-2m9x-p4tz-8hwn.";

/** The room server's answer to a created meeting: its code and the host key. */
const created = () =>
  new Response(JSON.stringify({ id: "k7fq-2m9x-p4tz-8hwn", hostKey: "h".repeat(32) }), { status: 201 });

afterEach(() => {
  cleanup();
  FakePartySocket.reset();
  push.mockReset();
  localStorage.clear();
});

function renderLobby() {
  const user = userEvent.setup();
  render(<Lobby partyHost="party.test" />);
  return {
    user,
    newMeeting: () => screen.getByRole("button", { name: "New meeting" }),
    codeField: () => screen.getByRole("textbox", { name: "Meeting code or link" }),
    joinButton: () => screen.getByRole("button", { name: "Join" }),
  };
}

describe("Lobby: before the page is live", () => {
  it("shows New meeting and Join disabled in the server's HTML, where a click would be lost", () => {
    const host = document.createElement("div");
    host.innerHTML = renderToString(<Lobby partyHost="party.test" />);
    const buttons = [...host.querySelectorAll("button")].map((button) => [
      button.textContent,
      button.disabled,
    ]);
    expect(buttons).toEqual([
      ["New meeting", true],
      ["Join", true],
    ]);
  });
});

describe("Lobby: New meeting", () => {
  it("creates the meeting on the server, keeps its host key in this browser, then opens its page", async () => {
    FakePartySocket.fetch.mockResolvedValue(created());
    const { user, newMeeting } = renderLobby();

    await user.click(newMeeting());

    await waitFor(() => expect(push).toHaveBeenCalledTimes(1));
    expect(FakePartySocket.fetch).toHaveBeenCalledTimes(1);
    const [address, init] = FakePartySocket.fetch.mock.calls[0] ?? [];
    expect(init?.method).toBe("POST");
    expect(address?.host).toBe("party.test");
    expect(address?.room).toMatch(ROOM_ID_PATTERN);
    expect(push).toHaveBeenCalledWith(`/room/${address?.room}`);
    // The key stays here, out of the link that is shared.
    expect(localStorage.getItem(`parley:host-key:${address?.room}`)).toBe("h".repeat(32));
    expect(String(push.mock.calls[0]?.[0])).not.toContain("h".repeat(32));
  });

  it("says the meeting couldn't start when the server's answer has no usable host key", async () => {
    FakePartySocket.fetch.mockResolvedValue(new Response(JSON.stringify({ id: "x" }), { status: 201 }));
    const { user, newMeeting } = renderLobby();
    await user.click(newMeeting());
    expect((await screen.findByRole("alert")).textContent).toContain("couldn't start a meeting");
    expect(push).not.toHaveBeenCalled();
  });

  it("disables the button while the server is being asked, so one click makes one meeting", async () => {
    FakePartySocket.fetch.mockReturnValue(new Promise<Response>(() => {}));
    const { user, newMeeting } = renderLobby();

    await user.click(newMeeting());
    await user.click(newMeeting());

    expect(newMeeting()).toHaveProperty("disabled", true);
    expect(FakePartySocket.fetch).toHaveBeenCalledTimes(1);
  });

  it("says the server couldn't be reached, stays put and lets the person try again", async () => {
    FakePartySocket.fetch.mockRejectedValue(new TypeError("Failed to fetch"));
    const { user, newMeeting } = renderLobby();

    await user.click(newMeeting());

    expect((await screen.findByRole("alert")).textContent).toBe(START_FAILED);
    expect(push).not.toHaveBeenCalled();
    expect(newMeeting()).toHaveProperty("disabled", false);
  });

  it("says the server refused, with its status, when it answers with an error", async () => {
    FakePartySocket.fetch.mockResolvedValue(new Response(null, { status: 503 }));
    const { user, newMeeting } = renderLobby();

    await user.click(newMeeting());

    expect((await screen.findByRole("alert")).textContent).toBe(
      "The meeting server couldn't start a meeting (error 503). Try again in a moment.",
    );
    expect(push).not.toHaveBeenCalled();
  });

  it.each([
    ["42", "You have started many meetings in a short time. Try again in a minute."],
    [null, "You have started many meetings in a short time. Try again in a minute."],
    ["300", "You have started many meetings today. Try again in 5 minutes."],
    ["3000", "You have started many meetings today. Try again in 50 minutes."],
    ["3600", "You have started many meetings today. Try again in an hour."],
    ["20000", "You have started many meetings today. Try again in 6 hours."],
  ])(
    "says so in words when the server limits new meetings (Retry-After %s)",
    async (retryAfter, sentence) => {
      const headers: Record<string, string> = retryAfter === null ? {} : { "Retry-After": retryAfter };
      FakePartySocket.fetch.mockResolvedValue(new Response(null, { status: 429, headers }));
      const { user, newMeeting } = renderLobby();

      await user.click(newMeeting());

      expect((await screen.findByRole("alert")).textContent).toBe(sentence);
      expect(push).not.toHaveBeenCalled();
      expect(newMeeting()).toHaveProperty("disabled", false);
    },
  );

  it("says the site isn't allowed when the server refuses its origin", async () => {
    FakePartySocket.fetch.mockResolvedValue(new Response(null, { status: 403 }));
    const { user, newMeeting } = renderLobby();
    await user.click(newMeeting());
    expect((await screen.findByRole("alert")).textContent).toContain(
      "This site isn't allowed to start meetings on its meeting server.",
    );
  });

  it("clears the failure message once a retry succeeds", async () => {
    FakePartySocket.fetch.mockRejectedValueOnce(new TypeError("Failed to fetch"));
    FakePartySocket.fetch.mockResolvedValueOnce(created());
    const { user, newMeeting } = renderLobby();

    await user.click(newMeeting());
    await screen.findByRole("alert");
    await user.click(newMeeting());

    await waitFor(() => expect(push).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

describe("Lobby: joining by code or link", () => {
  it.each([
    ["a code as shown", "k7fq-2m9x-p4tz-8hwn"],
    ["a code in capitals with spaces", "K7FQ 2M9X P4TZ 8HWN"],
    ["a meeting link", "https://parley.example/room/k7fq-2m9x-p4tz-8hwn"],
  ])("opens the canonical meeting page for %s", async (_label, input) => {
    const { user, codeField, joinButton } = renderLobby();

    await user.type(codeField(), input);
    await user.click(joinButton());

    expect(push).toHaveBeenCalledExactlyOnceWith("/room/k7fq-2m9x-p4tz-8hwn");
  });

  it("joins when Enter is pressed in the field", async () => {
    const { user, codeField } = renderLobby();

    await user.type(codeField(), "k7fq-2m9x-p4tz-8hwn{Enter}");

    expect(push).toHaveBeenCalledExactlyOnceWith("/room/k7fq-2m9x-p4tz-8hwn");
  });

  it.each([
    ["something that is not a code", "hello there"],
    ["a code one letter short", "k7fq-2m9x-p4tz-8hw"],
    ["a link to another page", "https://parley.example/about"],
  ])("explains the expected format for %s, marks the field invalid and stays put", async (_label, input) => {
    const { user, codeField, joinButton } = renderLobby();

    await user.type(codeField(), input);
    await user.click(joinButton());

    const alert = screen.getByRole("alert");
    expect(alert.textContent).toBe(BAD_CODE);
    expect(codeField().getAttribute("aria-invalid")).toBe("true");
    expect(codeField().getAttribute("aria-describedby")).toBe(alert.id);
    expect(push).not.toHaveBeenCalled();
  });

  it("explains the format when Join is pressed with nothing typed", async () => {
    const { user, joinButton } = renderLobby();

    await user.click(joinButton());

    expect(screen.getByRole("alert").textContent).toBe(BAD_CODE);
    expect(push).not.toHaveBeenCalled();
  });

  it("clears the error as soon as the person types again", async () => {
    const { user, codeField, joinButton } = renderLobby();
    await user.type(codeField(), "nope");
    await user.click(joinButton());

    await user.type(codeField(), "x");

    expect(screen.queryByRole("alert")).toBeNull();
    expect(codeField().hasAttribute("aria-invalid")).toBe(false);
    expect(codeField().hasAttribute("aria-describedby")).toBe(false);
  });
});
