// @vitest-environment jsdom
import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { grantingGetUserMedia, installFakeMedia } from "./fake-media";
import { joinButton, participant, renderRoom, resetRoomTest, roster } from "./room-harness";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));
vi.mock("partysocket", () => import("./fake-party-socket"));

afterEach(resetRoomTest);

const ada = participant("p0", "Ada", 0);
const microphonePressed = () =>
  screen.getByRole("button", { name: "Microphone" }).getAttribute("aria-pressed");

describe("the call screen, built ahead on the pre-join screen", () => {
  it("is built hidden while someone is here, out of reach, and its shortcuts wait for the call", async () => {
    installFakeMedia(grantingGetUserMedia().getUserMedia);
    const { server, user } = renderRoom();
    server.open();
    server.send(roster([ada]));
    await waitFor(() => expect(joinButton()).toHaveProperty("disabled", false));

    // In the page, but neither seen nor announced: only the pre-join screen is.
    await waitFor(
      () => expect(document.querySelector('[aria-label="Participants\' video"]')).not.toBeNull(),
      {
        timeout: 5000,
      },
    );
    expect(screen.queryByRole("region", { name: "Participants' video" })).toBeNull();
    expect(screen.getAllByRole("button", { name: "Microphone" })).toHaveLength(1);

    // The call's M shortcut is not listening yet: the microphone stays as it is.
    await user.click(document.body);
    await user.keyboard("m");
    expect(microphonePressed()).toBe("true");
  });
});
