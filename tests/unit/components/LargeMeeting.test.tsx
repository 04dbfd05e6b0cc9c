// @vitest-environment jsdom
import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { joinAs, participant, resetRoomTest, roster } from "./room-harness";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));
vi.mock("partysocket", () => import("./fake-party-socket"));

afterEach(resetRoomTest);

const people = ["Ada", "Bea", "Cy", "Dee", "Eve"].map((name, index) => participant(`p${index}`, name, index));
const [ada] = people as [(typeof people)[0]];

describe("a meeting whose media goes through the SFU", () => {
  it("says plainly that the media server sees the media", async () => {
    const { server } = await joinAs(ada, people);
    expect(screen.queryByRole("note")).toBeNull();
    server.send(roster(people, 50, false, "sfu"));
    expect(screen.getByRole("note").textContent).toMatch(
      /go through Parley's media server, which can see and hear/,
    );
  });

  it("still sends files there: they go directly between two people, not through the media server", async () => {
    const { server, user } = await joinAs(ada, people);
    server.send(roster(people, 50, false, "sfu"));
    await user.click(screen.getByRole("button", { name: "Files" }));
    const panel = screen.getByRole("complementary", { name: "Files" });
    expect(within(panel).getByRole("button", { name: "Send file" })).toHaveProperty("disabled", false);
  });
});
