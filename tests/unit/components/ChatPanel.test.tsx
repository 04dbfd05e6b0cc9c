// @vitest-environment jsdom
import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ChatMessage } from "@/lib/protocol";
import { joinAs, participant, resetRoomTest } from "./room-harness";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));
vi.mock("partysocket", () => import("./fake-party-socket"));

afterEach(resetRoomTest);

const ada = participant("p0", "Ada", 0);
const linus = participant("p1", "Linus", 1);
const fromLinus = (id: string, text: string): ChatMessage => ({
  id,
  from: "p1",
  name: "Linus",
  text,
  sentAt: 0,
});

const inCall = () =>
  joinAs(ada, [ada, linus], (server) =>
    server.send({ type: "chat-history", messages: [fromLinus("1", "welcome")] }),
  );

const chatToggle = () => screen.getByRole("button", { name: "Chat" });
/** What a screen reader says after "Chat": the unread count, if any. */
const unreadDescription = () => {
  const id = chatToggle().getAttribute("aria-describedby");
  return id ? (document.getElementById(id)?.textContent?.replace(/\s+/g, " ") ?? null) : null;
};
const composer = () => screen.getByRole("textbox", { name: "Message" });
const sentChats = (room: Awaited<ReturnType<typeof inCall>>) =>
  room.server.socket.sent.filter((frame) => frame.type === "chat");

describe("Chat", () => {
  it("opens from its toggle, shows what was said before, and sends on Enter", async () => {
    const room = await inCall();
    expect(chatToggle().getAttribute("aria-pressed")).toBe("false");
    await room.user.click(chatToggle());
    expect(chatToggle().getAttribute("aria-pressed")).toBe("true");
    const panel = screen.getByRole("complementary", { name: "Chat" });
    expect(within(panel).getByText("welcome")).toBeTruthy();

    await room.user.type(composer(), "first line{Shift>}{Enter}{/Shift}second line");
    expect(sentChats(room)).toEqual([]);
    await room.user.keyboard("{Enter}");

    expect(sentChats(room)).toEqual([{ type: "chat", text: "first line\nsecond line" }]);
    expect(composer()).toHaveProperty("value", "");
  });

  it("says what is wrong with an empty or too long message and sends nothing", async () => {
    const room = await inCall();
    await room.user.click(chatToggle());
    await room.user.click(screen.getByRole("button", { name: "Send" }));
    expect(screen.getByRole("alert").textContent).toBe("Write something first.");

    await room.user.click(composer());
    await room.user.paste("x".repeat(2001));
    expect(screen.getByRole("alert").textContent).toBe("Messages are limited to 2000 characters.");
    await room.user.keyboard("{Enter}");
    expect(sentChats(room)).toEqual([]);
  });

  it("counts unread messages while closed and clears the count when opened", async () => {
    const room = await inCall();
    room.server.send({ type: "chat", message: fromLinus("2", "are you there?") });
    room.server.send({ type: "chat", message: fromLinus("3", "hello?") });
    expect(unreadDescription()).toBe("2 unread messages");

    await room.user.click(chatToggle());
    expect(unreadDescription()).toBeNull();
    room.server.send({ type: "chat", message: fromLinus("4", "ah, there you are") });
    expect(unreadDescription()).toBeNull();
  });

  it("shows text as text and only web addresses as links", async () => {
    const room = await inCall();
    room.server.send({
      type: "chat",
      message: fromLinus(
        "2",
        '<img src=x onerror="alert(1)"> see https://example.com/doc and javascript:alert(1)',
      ),
    });
    await room.user.click(chatToggle());
    const panel = screen.getByRole("complementary", { name: "Chat" });
    expect(panel.querySelector("img")).toBeNull();
    expect(within(panel).getByText(/<img src=x/)).toBeTruthy();
    const links = within(panel).getAllByRole("link");
    expect(links.map((link) => link.getAttribute("href"))).toEqual(["https://example.com/doc"]);
    expect(links[0]?.getAttribute("rel")).toBe("noopener noreferrer");
  });
});
