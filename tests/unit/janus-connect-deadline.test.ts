import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { JANUS_CONNECT_DEADLINE_MS, watchConnectDeadline } from "@/lib/rtc/janus/connect-deadline";

/** A peer connection as far as the deadline sees it: its state, and the event that says it changed. */
class FakeConnection extends EventTarget {
  connectionState: RTCPeerConnectionState = "new";
  moveTo(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.dispatchEvent(new Event("connectionstatechange"));
  }
}

describe("a connection to the media server", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("counts as failed when it is still connecting at the deadline, as ICE that never completes", () => {
    const pc = new FakeConnection();
    const late = vi.fn();
    watchConnectDeadline(pc, late);
    pc.moveTo("connecting");
    vi.advanceTimersByTime(JANUS_CONNECT_DEADLINE_MS - 1);
    expect(late).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(late).toHaveBeenCalledOnce();
  });

  it("is left alone once connected, even if it drops later (that fails by itself)", () => {
    const pc = new FakeConnection();
    const late = vi.fn();
    watchConnectDeadline(pc, late);
    pc.moveTo("connected");
    pc.moveTo("disconnected");
    vi.advanceTimersByTime(2 * JANUS_CONNECT_DEADLINE_MS);
    expect(late).not.toHaveBeenCalled();
  });

  it("says nothing for a connection closed, or a watch cancelled, before the deadline", () => {
    const closed = new FakeConnection();
    const cancelled = new FakeConnection();
    const late = vi.fn();
    watchConnectDeadline(closed, late);
    // A close made by the page fires no event: the state alone says it.
    closed.connectionState = "closed";
    watchConnectDeadline(cancelled, late)();
    vi.advanceTimersByTime(JANUS_CONNECT_DEADLINE_MS);
    expect(late).not.toHaveBeenCalled();
  });
});
