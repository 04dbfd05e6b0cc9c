// @vitest-environment jsdom
import { screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { measureAsPhoneVideoArea } from "./phone-video-area";
import { joinAs, participant, resetRoomTest } from "./room-harness";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));
vi.mock("partysocket", () => import("./fake-party-socket"));

beforeEach(() => {
  measureAsPhoneVideoArea();
});
afterEach(() => {
  vi.restoreAllMocks();
  resetRoomTest();
});

const everyone = Array.from({ length: 25 }, (_, i) => participant(`p${i}`, `Person ${i}`, i));
const [self] = everyone as [(typeof everyone)[0]];
const shownIds = () =>
  [...document.querySelectorAll("[data-participant-id]")].map((tile) =>
    tile.getAttribute("data-participant-id"),
  );

describe("a meeting of 25 on a phone", () => {
  it("shows six tiles a page, turns pages, and plays all 24 other voices whatever the page", async () => {
    const { user } = await joinAs(self, everyone);
    expect(shownIds()).toEqual(["p0", "p1", "p2", "p3", "p4", "p5"]);
    const pages = screen.getByRole("navigation", { name: "Pages of people in the call" });
    expect(within(pages).getByText("Page 1 of 5")).toBeTruthy();
    expect(within(pages).getByRole("button", { name: "Previous page" })).toHaveProperty("disabled", true);
    expect(document.querySelectorAll("audio[data-voice-of]")).toHaveLength(24);

    await user.click(within(pages).getByRole("button", { name: "Next page" }));
    expect(within(pages).getByText("Page 2 of 5")).toBeTruthy();
    expect(shownIds()).toEqual(["p6", "p7", "p8", "p9", "p10", "p11"]);
    expect(document.querySelectorAll("audio[data-voice-of]")).toHaveLength(24);

    for (let page = 3; page <= 5; page++)
      await user.click(within(pages).getByRole("button", { name: "Next page" }));
    expect(within(pages).getByText("Page 5 of 5")).toBeTruthy();
    expect(shownIds()).toEqual(["p24"]);
    expect(within(pages).getByRole("button", { name: "Next page" })).toHaveProperty("disabled", true);
  });

  it("shows someone large in the speaker view, the others paged below, and goes back to the grid", async () => {
    const { user } = await joinAs(self, everyone);
    const toggle = screen.getByRole("button", { name: "Speaker view" });
    expect(toggle.getAttribute("aria-pressed")).toBe("false");

    await user.click(toggle);
    expect(toggle.getAttribute("aria-pressed")).toBe("true");
    // Nobody has spoken yet: the first other person is in the spotlight, not ourselves.
    expect(shownIds()[0]).toBe("p1");
    const pages = screen.getByRole("navigation", { name: "Pages of the others" });
    expect(within(pages).getByText("Page 1 of 4")).toBeTruthy();
    expect(shownIds().slice(1)).toEqual(["p0", "p2", "p3", "p4", "p5", "p6"]);

    await user.click(toggle);
    expect(toggle.getAttribute("aria-pressed")).toBe("false");
    expect(screen.getByRole("navigation", { name: "Pages of people in the call" })).toBeTruthy();
  });
});
