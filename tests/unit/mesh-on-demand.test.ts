/**
 * The mesh's code loads on the way into a call, not with the page. The session against the real Room
 * in memory, with the code's download in the test's hands: a join waits for it, dialling ahead waits
 * for it, and a download that fails is said in words.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RoomSession } from "@/lib/call/room-session";
import type { MediaTransportOptions } from "@/lib/rtc/media-transport";
import { createRoomStore } from "@/lib/store/room-store";
import { IdleTransport } from "../support/idle-transport";
import { MemoryRoomServer, type MemoryClientSocket } from "../support/memory-room-server";

/** A transport that records what the session asked of it. */
class RecordingMesh extends IdleTransport {
  static made: RecordingMesh[] = [];
  readonly rosters: string[][] = [];
  constructor(options: MediaTransportOptions) {
    super(options);
    RecordingMesh.made.push(this);
  }
  override syncRoster(participants: readonly { name: string }[]) {
    this.rosters.push(participants.map((p) => p.name));
  }
}

/** The download of the mesh's code, finished by the test. */
const download = vi.hoisted(() => {
  let settle: { resolve: () => void; reject: (error: Error) => void } | null = null;
  let promise: Promise<unknown> | null = null;
  return {
    loaded: false,
    asked: 0,
    start(): Promise<unknown> {
      this.asked += 1;
      promise ??= new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
      return promise;
    },
    finish(): void {
      this.loaded = true;
      settle?.resolve();
    },
    fail(): void {
      const failed = settle;
      promise = null;
      failed?.reject(new Error("network"));
    },
    reset(): void {
      this.loaded = false;
      this.asked = 0;
      settle = null;
      promise = null;
    },
  };
});

vi.mock("@/lib/rtc/load-mesh", () => ({
  loadMesh: () => download.start().then(() => ({ Mesh: RecordingMesh })),
  loadedMesh: () => (download.loaded ? { Mesh: RecordingMesh } : null),
}));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ROOM_ID = "k7fq-2m9x-p4tz-8hwn";

let server: MemoryRoomServer;
const sessions: RoomSession[] = [];

/** A page on the pre-join screen, camera ready, roster known; WebRTC there, the mesh's code not yet. */
async function page(name: string) {
  const store = createRoomStore(ROOM_ID);
  let socket: MemoryClientSocket | null = null;
  const storage = new Map<string, string>();
  const session = new RoomSession({
    roomId: ROOM_ID,
    partyHost: "memory",
    store,
    storage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => storage.set(key, value) },
    openSocket: () => (socket = server.openSocket()),
  });
  sessions.push(session);
  session.connect();
  store.getState().actions.setLocalMedia({ stream: null, audioProblem: null, videoProblem: null });
  while (store.getState().capacity === null || store.getState().connection !== "open") await sleep(5);
  return { name, store, session, sent: () => socket?.trace.filter((t) => t.startsWith("out:")) ?? [] };
}

beforeEach(() => {
  vi.stubGlobal("RTCPeerConnection", class {});
  server = new MemoryRoomServer();
  RecordingMesh.made = [];
  download.reset();
});
afterEach(() => {
  vi.useRealTimers();
  for (const session of sessions.splice(0)) session.dispose();
  server.close();
  vi.unstubAllGlobals();
});

describe("the mesh's code, loaded on the way into the call", () => {
  it("is not downloaded for an empty meeting until the join, which it holds until it is here", async () => {
    const ada = await page("Ada");
    ada.session.prepareToJoin();
    await sleep(20);
    expect(download.asked).toBe(0);

    ada.session.join("Ada");
    await sleep(20);
    expect(ada.sent()).not.toContain("out:join");
    expect(ada.store.getState().phase).toBe("joining");

    download.finish();
    while (ada.store.getState().phase !== "in-call") await sleep(5);
    expect(ada.sent().filter((frame) => frame === "out:join")).toHaveLength(1);
    expect(RecordingMesh.made).toHaveLength(1);
  });

  it("dials ahead once it is here, when someone is in the meeting", async () => {
    download.finish();
    const ada = await page("Ada");
    ada.session.join("Ada");
    while (ada.store.getState().phase !== "in-call") await sleep(5);
    download.reset();

    const bea = await page("Bea");
    bea.session.prepareToJoin();
    await sleep(20);
    expect(RecordingMesh.made).toHaveLength(1);

    download.finish();
    await sleep(20);
    const ahead = RecordingMesh.made[1];
    expect(ahead?.selfId).toBeNull();
    expect(ahead?.rosters.at(-1)).toEqual(["Ada"]);
  });

  it("says so when the code cannot be downloaded, and a second try can succeed", async () => {
    const ada = await page("Ada");
    ada.session.join("Ada");
    await sleep(20);

    download.fail();
    await sleep(20);

    expect(ada.store.getState().phase).toBe("prejoin");
    expect(ada.store.getState().joinError?.message).toBe(
      "Couldn't load what the call needs. Check your connection, then reload the page.",
    );
    expect(ada.sent()).not.toContain("out:join");

    ada.session.join("Ada");
    download.finish();
    while (ada.store.getState().phase !== "in-call") await sleep(5);
  });

  it("gives the meeting server its whole time to answer after a slow download", async () => {
    const ada = await page("Ada");
    vi.useFakeTimers();
    ada.session.join("Ada");
    // Longer than the server has to answer a join, shorter than the download may take.
    await vi.advanceTimersByTimeAsync(12_000);
    download.finish();
    await vi.advanceTimersByTimeAsync(200);

    expect(ada.store.getState().joinError).toBeNull();
    expect(ada.store.getState().phase).toBe("in-call");
  });

  it("says so when the download takes too long, and the download arriving later sends nothing", async () => {
    const ada = await page("Ada");
    vi.useFakeTimers();
    ada.session.join("Ada");
    await vi.advanceTimersByTimeAsync(15_000);

    expect(ada.store.getState().phase).toBe("prejoin");
    expect(ada.store.getState().joinError?.message).toBe(
      "Couldn't load what the call needs. Check your connection, then reload the page.",
    );
    download.finish();
    await vi.advanceTimersByTimeAsync(200);
    expect(ada.sent()).not.toContain("out:join");
    expect(RecordingMesh.made).toHaveLength(0);
  });

  it("sends one join when Join is pressed again while the same download is on its way", async () => {
    const ada = await page("Ada");
    vi.useFakeTimers();
    ada.session.join("Ada");
    await vi.advanceTimersByTimeAsync(15_000);
    ada.session.join("Ada");
    download.finish();
    await vi.advanceTimersByTimeAsync(200);

    expect(ada.store.getState().phase).toBe("in-call");
    expect(ada.sent().filter((frame) => frame === "out:join")).toHaveLength(1);
  });

  it("neither joins nor dials when the page goes away during the download", async () => {
    const bea = await page("Bea");
    const ada = await page("Ada");
    ada.session.join("Ada");
    download.finish();
    while (ada.store.getState().phase !== "in-call") await sleep(5);
    download.reset();
    const made = RecordingMesh.made.length;

    bea.session.join("Bea");
    bea.session.dispose();
    download.finish();
    await sleep(20);

    expect(bea.sent()).not.toContain("out:join");
    expect(RecordingMesh.made).toHaveLength(made);
  });
});
