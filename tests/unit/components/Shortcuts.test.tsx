// @vitest-environment jsdom
import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { joinAs, participant, resetRoomTest } from "./room-harness";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));
vi.mock("partysocket", () => import("./fake-party-socket"));

afterEach(resetRoomTest);

const ada = participant("p0", "Ada", 0);

const inCall = () => joinAs(ada, [ada]);

const pressed = (name: string) => screen.getByRole("button", { name }).getAttribute("aria-pressed");

describe("keyboard shortcuts in the call", () => {
  it("toggle the microphone, the camera and the chat with M, V and C", async () => {
    const { user } = await inCall();
    await user.keyboard("m");
    expect(pressed("Microphone")).toBe("false");
    await user.keyboard("v");
    expect(pressed("Camera")).toBe("false");
    await user.keyboard("c");
    expect(pressed("Chat")).toBe("true");
    await user.keyboard("M");
    expect(pressed("Microphone")).toBe("true");
  });

  it("stay out of the way while typing a message or holding a modifier", async () => {
    const { user } = await inCall();
    await user.keyboard("c");
    await user.type(screen.getByRole("textbox", { name: "Message" }), "mvc");
    expect(pressed("Microphone")).toBe("true");
    expect(pressed("Camera")).toBe("true");
    expect(pressed("Chat")).toBe("true");
    await user.click(document.body);
    await user.keyboard("{Control>}m{/Control}");
    expect(pressed("Microphone")).toBe("true");
  });

  it("are listed in a dialog opened by ? and closed by Escape, focus returning", async () => {
    const { user } = await inCall();
    const helpButton = screen.getByRole("button", { name: "Keyboard shortcuts (?)" });
    await user.keyboard("?");
    const dialog = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    expect(within(dialog).getByText("Turn the microphone on or off")).toBeTruthy();
    const close = within(dialog).getByRole("button", { name: "Close" });
    expect(document.activeElement).toBe(close);
    // Modal: Tab goes round inside it, and the call behind can be neither reached nor read.
    await user.tab();
    expect(document.activeElement).toBe(close);
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(close);
    expect(helpButton.closest("[inert]")).not.toBeNull();
    await user.keyboard("{Escape}");
    expect(helpButton.closest("[inert]")).toBeNull();
    expect(screen.queryByRole("dialog")).toBeNull();

    await user.click(helpButton);
    expect(screen.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Close" }));
    expect(document.activeElement).toBe(helpButton);
  });
});
