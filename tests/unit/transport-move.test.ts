/**
 * A meeting moving from the mesh to the SFU, make before break on both ends of each pair: a page
 * keeps its mesh, and so keeps sending its camera over it, until everyone it reached on the SFU has
 * said they no longer show the mesh's picture. Real RoomSessions and the real Room in memory; the two
 * transports are recorders the test drives.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RoomSession } from "@/lib/call/room-session";
import type { LinkSignal } from "@/lib/protocol";
import type { MediaTransportOptions } from "@/lib/rtc/media-transport";
import type { SfuAccess } from "@/lib/rtc/sfu-transport";
import { createRoomStore } from "@/lib/store/room-store";
import { IdleTransport } from "../support/idle-transport";
import { MemoryRoomServer } from "../support/memory-room-server";
import { fakeSfu } from "./fake-sfu";

/** Either transport, as far as the session sees it; views go to the other side as a mesh sends them. */
class RecordingTransport extends IdleTransport {
  closed = false;
  /** Whom a mesh has a call with, set by the test. */
  readonly linked = new Set<string>();
  /** How tall each peer says it shows this side's camera (a mesh learns it from their "view"). */
  readonly remoteViews = new Map<string, number>();
  constructor(
    readonly kind: "mesh" | "sfu",
    options: MediaTransportOptions,
  ) {
    super(options);
  }
  override handleSignal(from: string, { payload }: LinkSignal) {
    if (this.kind === "mesh" && payload.kind === "view") this.remoteViews.set(from, payload.maxHeight);
  }
  override setView(peerId: string, maxHeight: number) {
    if (this.kind === "mesh") {
      this.options.sendSignal(peerId, { fromLink: "link-0123456789", payload: { kind: "view", maxHeight } });
    }
  }
  override shownBy(peerId: string) {
    return !this.closed && this.linked.has(peerId) && this.remoteViews.get(peerId) !== 0;
  }
  setAccess(_access: SfuAccess) {}
  override close() {
    this.closed = true;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (condition: () => boolean) => {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 2000) throw new Error("Waited 2 s in vain.");
    await sleep(5);
  }
};

let server: MemoryRoomServer;
const sessions: RoomSession[] = [];

/** Someone in the meeting, with the transports their page made. */
async function joined(name: string) {
  const store = createRoomStore("k7fq-2m9x-p4tz-8hwn");
  const made: RecordingTransport[] = [];
  const record = (kind: "mesh" | "sfu") => (options: MediaTransportOptions) => {
    const transport = new RecordingTransport(kind, options);
    made.push(transport);
    return transport;
  };
  const storage = new Map<string, string>();
  const session = new RoomSession({
    roomId: "k7fq-2m9x-p4tz-8hwn",
    partyHost: "memory",
    store,
    createTransport: record("mesh"),
    createSfuTransport: record("sfu"),
    storage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => storage.set(key, value) },
    openSocket: () => server.openSocket(),
  });
  sessions.push(session);
  session.connect();
  store.getState().actions.setLocalMedia({ stream: null, audioProblem: null, videoProblem: null });
  await until(() => store.getState().connection === "open");
  session.join(name);
  await until(() => store.getState().phase === "in-call");
  const idOf = (other: string) => store.getState().participants.find((p) => p.name === other)!.id;
  const transport = (kind: "mesh" | "sfu") => made.find((t) => t.kind === kind);
  return { store, idOf, transport };
}

beforeEach(() => {
  vi.stubGlobal("RTCPeerConnection", class {});
  server = new MemoryRoomServer(6, fakeSfu());
});
afterEach(() => {
  for (const session of sessions.splice(0)) session.dispose();
  server.close();
  vi.unstubAllGlobals();
});

describe("a meeting moving to the SFU", () => {
  it("keeps each page's mesh until the others show its SFU picture, not just until it shows theirs", async () => {
    const ada = await joined("Ada");
    const bea = await joined("Bea");
    await joined("Cy");
    // Past the mesh's size (two here): Ada and Bea start on the SFU beside the mesh they had.
    await until(() => ada.transport("sfu") !== undefined && bea.transport("sfu") !== undefined);
    const [adaMesh, adaSfu] = [ada.transport("mesh")!, ada.transport("sfu")!];
    const beaSfu = bea.transport("sfu")!;
    // Ada and Bea have a call on the mesh; Cy, who joined on the SFU, has none.
    adaMesh.linked.add(ada.idOf("Bea"));

    // Ada receives everyone on the SFU: her tiles play it, her mesh stops asking for Bea's video...
    adaSfu.options.onLinkStatus(ada.idOf("Bea"), "connected", null);
    adaSfu.options.onLinkStatus(ada.idOf("Cy"), "connected", null);
    await sleep(30);
    // ...but Bea still shows Ada's camera from that mesh: closing it now would freeze Ada on Bea's page.
    expect(adaMesh.closed).toBe(false);

    // Bea's page gets Ada on the SFU and says so over the mesh; Ada's mesh has no one left to serve.
    beaSfu.options.onLinkStatus(bea.idOf("Ada"), "connected", null);
    await until(() => adaMesh.closed);
    expect(adaMesh.remoteViews.get(ada.idOf("Bea"))).toBe(0);
  });
});
