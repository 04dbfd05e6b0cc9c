// @vitest-environment jsdom
import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { describeScreenShareProblem } from "@/lib/rtc/screen-share";
import { asMediaStream, fakeStream, mediaError, type FakeMediaStream } from "./fake-media";
import { joinAs, participant, resetRoomTest } from "./room-harness";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn() }) }));
vi.mock("partysocket", () => import("./fake-party-socket"));

afterEach(resetRoomTest);

const ada = participant("p0", "Ada", 0);

function grantingGetDisplayMedia() {
  const shared: FakeMediaStream[] = [];
  const getDisplayMedia = vi.fn<MediaDevices["getDisplayMedia"]>(async () => {
    const stream = fakeStream("video");
    shared.push(stream);
    return asMediaStream(stream);
  });
  return { getDisplayMedia, shared };
}

const shareButton = () => screen.getByRole("button", { name: "Share screen" });
const ownScreenTile = () => document.querySelector('[data-screen-of="p0"]');

describe("screen sharing", () => {
  it("shares the screen as a tile of its own and stops on Stop sharing", async () => {
    const { getDisplayMedia, shared } = grantingGetDisplayMedia();
    const room = await joinAs(ada, [ada], undefined, { getDisplayMedia });
    expect(shareButton().getAttribute("aria-pressed")).toBe("false");

    await room.user.click(shareButton());
    expect(getDisplayMedia).toHaveBeenCalledWith(expect.objectContaining({ audio: false }));
    expect(shareButton().getAttribute("aria-pressed")).toBe("true");
    expect(ownScreenTile()?.textContent).toContain("Your screen");
    expect(screen.getByText("You are sharing your screen with everyone in the call.")).toBeTruthy();
    // Text on a shared screen matters more than motion.
    expect(shared[0]?.getVideoTracks()[0]?.contentHint).toBe("detail");

    await room.user.click(screen.getByRole("button", { name: "Stop sharing" }));
    expect(ownScreenTile()).toBeNull();
    expect(shareButton().getAttribute("aria-pressed")).toBe("false");
    expect(shared[0]?.getVideoTracks()[0]?.readyState).toBe("ended");
    expect(screen.queryByRole("button", { name: "Stop sharing" })).toBeNull();
  });

  it("ends the share when the browser's own stop button is used", async () => {
    const { getDisplayMedia, shared } = grantingGetDisplayMedia();
    const room = await joinAs(ada, [ada], undefined, { getDisplayMedia });
    await room.user.click(shareButton());
    expect(ownScreenTile()).not.toBeNull();
    shared[0]?.getVideoTracks()[0]?.endFromBrowser();
    await vi.waitFor(() => expect(ownScreenTile()).toBeNull());
    expect(shareButton().getAttribute("aria-pressed")).toBe("false");
  });

  it("says nothing when the person closes the picker, and says why when sharing fails", async () => {
    const getDisplayMedia = vi.fn<MediaDevices["getDisplayMedia"]>();
    getDisplayMedia.mockRejectedValueOnce(mediaError("NotAllowedError"));
    getDisplayMedia.mockRejectedValueOnce(mediaError("NotReadableError"));
    const room = await joinAs(ada, [ada], undefined, { getDisplayMedia });

    await room.user.click(shareButton());
    expect(screen.queryByRole("alert")).toBeNull();
    expect(ownScreenTile()).toBeNull();

    await room.user.click(shareButton());
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Your screen couldn't be shared.");
    expect(shareButton().getAttribute("aria-pressed")).toBe("false");
    await room.user.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("offers no Share screen button where the browser cannot share a screen", async () => {
    await joinAs(ada, [ada]);
    expect(screen.queryByRole("button", { name: "Share screen" })).toBeNull();
  });
});

describe("describeScreenShareProblem", () => {
  it("tells a blocked system setting from a closed picker and from a failure", () => {
    const systemDenied = new DOMException("Permission denied by system", "NotAllowedError");
    expect(describeScreenShareProblem(systemDenied)).toMatch(/system settings/);
    expect(describeScreenShareProblem(mediaError("NotAllowedError"))).toBeNull();
    expect(describeScreenShareProblem(mediaError("AbortError"))).toBeNull();
    expect(describeScreenShareProblem(mediaError("NotSupportedError"))).toBe(
      "This browser can't share a screen.",
    );
    expect(describeScreenShareProblem(new Error("boom"))).toMatch(/couldn't be shared/);
  });
});
