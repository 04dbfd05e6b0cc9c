// @vitest-environment jsdom
import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { joinAs, participant, resetRoomTest } from "./room-harness";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));
vi.mock("partysocket", () => import("./fake-party-socket"));

afterEach(resetRoomTest);

const ada = participant("p0", "Ada", 0);
const linus = { ...participant("p1", "Linus", 1), audioOff: true as const };

describe("Participants panel", () => {
  it("lists everyone with their microphone and camera, and takes the chat's place", async () => {
    const { user } = await joinAs(ada, [ada, linus]);

    await user.click(screen.getByRole("button", { name: "Chat" }));
    await user.click(screen.getByRole("button", { name: "Participants" }));
    expect(screen.queryByRole("complementary", { name: "Chat" })).toBeNull();
    expect(screen.getByRole("button", { name: "Chat" }).getAttribute("aria-pressed")).toBe("false");

    const panel = screen.getByRole("complementary", { name: "Participants" });
    const rows = within(panel).getAllByRole("listitem");
    expect(rows.map((row) => row.textContent)).toEqual(["Ada (you)", "Linus"]);
    expect(within(rows[1]!).getByRole("img", { name: "Microphone off" })).toBeTruthy();
    expect(within(rows[1]!).getByRole("img", { name: "Camera on" })).toBeTruthy();

    await user.click(within(panel).getByRole("button", { name: "Close participants" }));
    expect(screen.queryByRole("complementary", { name: "Participants" })).toBeNull();
  });
});
