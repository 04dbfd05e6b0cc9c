// @vitest-environment jsdom
import { within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { joinAs, participant, resetRoomTest, roster } from "./room-harness";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));
vi.mock("partysocket", () => import("./fake-party-socket"));

afterEach(resetRoomTest);

const ada = participant("p0", "Ada", 0);
const linus = participant("p1", "Linus", 1);
const grace = participant("p2", "Grace", 2);

const inCall = () => joinAs(ada, [ada, linus, grace]);

const tile = (id: string) => {
  const found = document.querySelector<HTMLElement>(`[data-participant-id="${id}"]`);
  if (!found) throw new Error(`No tile for ${id}.`);
  return found;
};

describe("pin and full screen", () => {
  it("pins a tile as the spotlight, unpins it, and forgets a pin when that person leaves", async () => {
    const room = await inCall();
    const pinLinus = within(tile("p1")).getByRole("button", { name: "Pin Linus" });
    expect(pinLinus.getAttribute("aria-pressed")).toBe("false");

    await room.user.click(pinLinus);
    expect(tile("p1").dataset.pinned).toBe("true");
    expect(within(tile("p1")).getByRole("button", { name: "Pin Linus" }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    expect(tile("p0").dataset.pinned).toBeUndefined();

    await room.user.click(within(tile("p1")).getByRole("button", { name: "Pin Linus" }));
    expect(tile("p1").dataset.pinned).toBeUndefined();

    await room.user.click(within(tile("p2")).getByRole("button", { name: "Pin Grace" }));
    room.server.send(roster([ada, linus]));
    expect(document.querySelector("[data-pinned]")).toBeNull();
  });

  it("asks the browser to show a tile full screen, and says so when it refuses", async () => {
    const room = await inCall();
    const requestFullscreen = vi.fn(() => Promise.reject(new Error("")));
    tile("p1").requestFullscreen = requestFullscreen;
    await room.user.click(within(tile("p1")).getByRole("button", { name: "Show Linus full screen" }));
    expect(requestFullscreen).toHaveBeenCalledOnce();
    expect(within(tile("p1")).getByRole("alert").textContent).toBe(
      "This browser would not show it full screen.",
    );
  });
});
