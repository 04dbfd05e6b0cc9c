import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SWITCH_DEADLINE_MS, TransportSwitch } from "@/lib/call/transport-switch";
import type { MediaTransport } from "@/lib/rtc/media-transport";

/** A transport whose peers in `shownBy` still show the camera it sends them. */
const transport = (name: string, shownBy = new Set<string>()) =>
  ({
    name,
    close: vi.fn(),
    setView: vi.fn(),
    shownBy: (peerId: string) => shownBy.has(peerId),
  }) as unknown as MediaTransport & {
    close: ReturnType<typeof vi.fn>;
    setView: ReturnType<typeof vi.fn>;
  };

describe("TransportSwitch", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("keeps the old transport until the new one reaches everyone, then closes it", () => {
    let peers = ["b", "c"];
    const retired = vi.fn();
    const media = new TransportSwitch(() => peers, retired);
    const mesh = transport("mesh");
    const sfu = transport("sfu");
    media.replace(mesh);
    media.switchTo(sfu);
    expect(media.transport).toBe(sfu);
    // Meanwhile the tiles keep what they show: the new one's "connecting" is not taken up, the old one's nothing.
    expect(media.accepts(sfu, "connecting")).toBe(false);
    expect(media.accepts(sfu, "connected")).toBe(true);
    expect(media.accepts(mesh)).toBe(false);
    media.noteStatus(sfu, "b", "connected");
    expect(mesh.close).not.toHaveBeenCalled();
    // b's tile plays the SFU's media now: the mesh stops sending b's video.
    expect(mesh.setView).toHaveBeenCalledWith("b", 0);
    // c leaves before the SFU reaches them: everyone left is reached.
    peers = ["b"];
    media.recheck();
    expect(mesh.close).toHaveBeenCalledTimes(1);
    expect(retired).toHaveBeenCalledWith(mesh);
    expect(media.accepts(sfu, "connecting")).toBe(true);
  });

  it("keeps the old transport while someone still shows what it sends them, until they say otherwise", () => {
    const media = new TransportSwitch(() => ["b", "c"]);
    // c has not moved yet: their page still plays this page's camera from the mesh.
    const stillShown = new Set(["c"]);
    const mesh = transport("mesh", stillShown);
    const sfu = transport("sfu");
    media.replace(mesh);
    media.switchTo(sfu);
    media.noteStatus(sfu, "b", "connected");
    media.noteStatus(sfu, "c", "connected");
    expect(mesh.close).not.toHaveBeenCalled();
    stillShown.delete("c");
    media.recheck();
    expect(mesh.close).toHaveBeenCalledTimes(1);
  });

  it("never runs two transports for longer than the deadline", () => {
    const media = new TransportSwitch(() => ["b"]);
    const mesh = transport("mesh");
    media.replace(mesh);
    media.switchTo(transport("sfu"));
    vi.advanceTimersByTime(SWITCH_DEADLINE_MS - 1);
    expect(mesh.close).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(mesh.close).toHaveBeenCalledTimes(1);
    expect(media.switching).toBe(false);
  });

  it("a reach that is lost again does not count", () => {
    const media = new TransportSwitch(() => ["b", "c"]);
    const mesh = transport("mesh");
    const sfu = transport("sfu");
    media.replace(mesh);
    media.switchTo(sfu);
    media.noteStatus(sfu, "b", "connected");
    media.noteStatus(sfu, "b", "reconnecting");
    media.noteStatus(sfu, "c", "connected");
    expect(mesh.close).not.toHaveBeenCalled();
  });

  it("closes everything at once on replace and close", () => {
    const media = new TransportSwitch(() => ["b"]);
    const mesh = transport("mesh");
    const sfu = transport("sfu");
    media.replace(mesh);
    media.switchTo(sfu);
    media.close();
    expect(mesh.close).toHaveBeenCalledTimes(1);
    expect(sfu.close).toHaveBeenCalledTimes(1);
    expect(media.transport).toBeNull();
  });
});
