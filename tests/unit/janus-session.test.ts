import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { JanusSession } from "@/lib/rtc/janus/session";

/** A WebSocket to a Janus that answers `create` and then only what the test tells it to. */
class JanusSocket extends EventTarget {
  static last: JanusSocket | null = null;
  readyState: number = WebSocket.CONNECTING;
  readonly sent: Record<string, unknown>[] = [];
  constructor() {
    super();
    JanusSocket.last = this;
    queueMicrotask(() => {
      this.readyState = WebSocket.OPEN;
      this.dispatchEvent(new Event("open"));
    });
  }
  send(data: string): void {
    const message = JSON.parse(data) as Record<string, unknown>;
    this.sent.push(message);
    if (message.janus === "create")
      this.answer({ janus: "success", transaction: message.transaction, data: { id: 7 } });
  }
  close(): void {
    this.readyState = WebSocket.CLOSED;
  }
  answer(message: Record<string, unknown>): void {
    queueMicrotask(() => this.dispatchEvent(new MessageEvent("message", { data: JSON.stringify(message) })));
  }
  keepalives() {
    return this.sent.filter((message) => message.janus === "keepalive");
  }
}

async function openSession() {
  const closed: string[] = [];
  const opening = JanusSession.open({
    url: "ws://janus",
    token: "t",
    onClosed: (reason) => closed.push(reason),
  });
  await vi.advanceTimersByTimeAsync(0);
  const session = await opening;
  return { session, socket: JanusSocket.last as JanusSocket, closed };
}

describe("JanusSession keepalives", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal("WebSocket", Object.assign(JanusSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 }));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("keeps the session through a keepalive answered late, as a busy media server or a starved page does", async () => {
    const { session, socket, closed } = await openSession();
    await vi.advanceTimersByTimeAsync(25_000 + 20_000);
    expect(socket.keepalives()).toHaveLength(1);
    expect(closed).toEqual([]);
    // The next one is answered: the session carries on, and goes on being kept alive.
    await vi.advanceTimersByTimeAsync(5_000);
    const [, second] = socket.keepalives();
    socket.answer({ janus: "ack", transaction: second?.transaction });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(closed).toEqual([]);
    expect(socket.keepalives().length).toBeGreaterThanOrEqual(4);
    session.close();
  });

  it("gives the session up once nothing has come from the media server for a minute", async () => {
    const { socket, closed } = await openSession();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(closed).toEqual([]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(closed).toEqual(["the media server has not been heard from for a minute"]);
    expect(socket.readyState).toBe(WebSocket.CLOSED);
  });

  it("gives the session up at once when the media server says it timed it out", async () => {
    const { socket, closed } = await openSession();
    socket.answer({ janus: "timeout", session_id: 7 });
    await vi.advanceTimersByTimeAsync(0);
    expect(closed).toEqual(["the media server timed the session out"]);
  });
});
