/**
 * A meeting moving from the mesh to the SFU, make before break on both ends of each pair: a page
 * keeps its mesh, and so keeps sending its camera over it, until everyone it reached on the SFU has
 * said they no longer show the mesh's picture. Real RoomSessions and the real Room in memory; the two
 * transports are recorders the test drives.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LOAD_RETRY_MS } from "@/lib/call/retrying-load";
import { RoomSession } from "@/lib/call/room-session";
import type { LinkSignal } from "@/lib/protocol";
import { whenFlowing } from "@/lib/rtc/media-flow";
import type { MediaTransportOptions } from "@/lib/rtc/media-transport";
import type { SfuAccess } from "@/lib/rtc/sfu-transport";
import { createRoomStore } from "@/lib/store/room-store";
import { IdleTransport } from "../support/idle-transport";
import { MemoryRoomServer, type MemoryClientSocket } from "../support/memory-room-server";
import { fakeSfu } from "./fake-sfu";

/** Either transport, as far as the session sees it; views go to the other side as a mesh sends them. */
class RecordingTransport extends IdleTransport {
  closed = false;
  /** Whom a mesh has a call with, set by the test. */
  readonly linked = new Set<string>();
  /** How tall each peer says it shows this side's camera (a mesh learns it from their "view"). */
  readonly remoteViews = new Map<string, number>();
  /** Received tracks with a frame decoded, as the test says. */
  readonly decoded = new Set<MediaStreamTrack>();
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
  override whenShowable(stream: MediaStream, onShowable: () => void) {
    whenFlowing(stream, onShowable, { decoded: async (track) => this.decoded.has(track) });
  }
  setAccess(_access: SfuAccess) {}
  override close() {
    this.closed = true;
  }
}

/** A remote stream with one video track that has its first packets (it is not muted). */
const remoteStream = () => {
  const track = { muted: false } as MediaStreamTrack;
  return { track, stream: { getVideoTracks: () => [track] } as unknown as MediaStream };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (condition: () => boolean, withinMs = 2000) => {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > withinMs) throw new Error(`Waited ${withinMs} ms in vain.`);
    await sleep(5);
  }
};

let server: MemoryRoomServer;
const sessions: RoomSession[] = [];

/** Someone in the meeting, with the transports their page made; the SFU's code downloads as `download` says. */
async function joined(
  name: string,
  download: () => Promise<void> = async () => {},
  { remount = false }: { remount?: boolean } = {},
) {
  const store = createRoomStore("k7fq-2m9x-p4tz-8hwn");
  const made: RecordingTransport[] = [];
  const record = (kind: "mesh" | "sfu") => (options: MediaTransportOptions) => {
    const transport = new RecordingTransport(kind, options);
    made.push(transport);
    return transport;
  };
  const storage = new Map<string, string>();
  let socket: MemoryClientSocket | null = null;
  const session = new RoomSession({
    roomId: "k7fq-2m9x-p4tz-8hwn",
    partyHost: "memory",
    store,
    createTransport: record("mesh"),
    loadSfuTransport: () => download().then(() => record("sfu")),
    storage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => storage.set(key, value) },
    openSocket: () => (socket = server.openSocket()),
  });
  sessions.push(session);
  session.connect();
  if (remount) {
    session.dispose();
    session.connect();
  }
  store.getState().actions.setLocalMedia({ stream: null, audioProblem: null, videoProblem: null });
  await until(() => store.getState().connection === "open");
  session.join(name);
  await until(() => store.getState().phase === "in-call");
  const idOf = (other: string) => store.getState().participants.find((p) => p.name === other)!.id;
  const transport = (kind: "mesh" | "sfu") => made.find((t) => t.kind === kind);
  const all = (kind: "mesh" | "sfu") => made.filter((t) => t.kind === kind);
  return { session, store, idOf, transport, all, socket: () => socket };
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

  it("starts a new SFU transport when the meeting grows again while leaving the SFU", async () => {
    const ada = await joined("Ada");
    const bea = await joined("Bea");
    const cy = await joined("Cy");
    await until(() => ada.all("sfu").length === 1);
    // Down to two: back to the mesh, the SFU transport kept until the mesh reaches everyone...
    cy.session.leave();
    await until(() => ada.all("mesh").length === 2);
    const [leaving] = ada.all("sfu");
    expect(leaving!.closed).toBe(false);
    // ...and up to three before it does: a new SFU transport, not the one on its way out, which closes.
    await joined("Dee");
    await until(() => ada.all("sfu").length === 2);
    expect(leaving!.closed).toBe(true);
    expect(ada.all("sfu")[1]!.closed).toBe(false);
    // The one that closed does not tell the others Ada publishes nothing: she is on her way there.
    await sleep(30);
    const adaOnBeasPage = () => bea.store.getState().participants.find((p) => p.name === "Ada");
    expect(adaOnBeasPage()?.feeds).toBeUndefined();
    expect(ada.socket()?.trace).not.toContain("out:feeds");
  });

  it("says so on screen while the SFU's code cannot be downloaded, and joins the SFU once it can", async () => {
    let failures = 1;
    const flaky = async () => {
      if (failures-- > 0) throw new Error("network");
    };
    const ada = await joined("Ada", flaky);
    const bea = await joined("Bea");
    await joined("Cy");
    await until(() => ada.store.getState().notice !== null);
    expect(ada.store.getState().notice).toMatch(/Couldn't load what this large meeting needs/);
    expect(ada.all("sfu")).toHaveLength(0);
    // Meanwhile Ada's mesh still sends, and still hears who has stopped showing it.
    await until(() => bea.transport("sfu") !== undefined);
    bea.transport("sfu")!.options.onLinkStatus(bea.idOf("Ada"), "connected", null);
    await until(() => ada.transport("mesh")!.remoteViews.get(ada.idOf("Bea")) === 0);
    // Tried again after a pause: on the SFU, and the sentence is gone.
    await until(() => ada.all("sfu").length === 1, LOAD_RETRY_MS + 2000);
    expect(ada.store.getState().notice).toBeNull();
  }, 15_000);

  it("keeps a tile on the SFU's picture, back on the mesh, until the mesh's first frame is decoded", async () => {
    const ada = await joined("Ada");
    const bea = await joined("Bea");
    const cy = await joined("Cy");
    await until(() => ada.all("sfu").length === 1);
    const sfuPicture = remoteStream();
    ada.transport("sfu")!.decoded.add(sfuPicture.track);
    ada.transport("sfu")!.options.onRemoteStream(ada.idOf("Bea"), sfuPicture.stream);
    await until(() => ada.store.getState().peers[ada.idOf("Bea")]?.stream === sfuPicture.stream);

    cy.session.leave();
    await until(() => ada.all("mesh").length === 2);
    const mesh = ada.all("mesh")[1]!;
    const meshPicture = remoteStream();
    mesh.options.onRemoteStream(ada.idOf("Bea"), meshPicture.stream);
    // Packets, but no frame yet: black on the tile, were it switched now.
    await sleep(500);
    expect(ada.store.getState().peers[ada.idOf("Bea")]?.stream).toBe(sfuPicture.stream);
    mesh.decoded.add(meshPicture.track);
    await until(() => ada.store.getState().peers[ada.idOf("Bea")]?.stream === meshPicture.stream);
    expect(bea.store.getState().route).toBe("mesh");
  });

  it("still moves to the SFU after the page's session was disposed and connected again", async () => {
    // React's strict mode, in development, mounts the meeting page's effects twice.
    const ada = await joined("Ada", async () => {}, { remount: true });
    await joined("Bea");
    await joined("Cy");
    await until(() => ada.all("sfu").length === 1);
  });

  it("starts downloading the SFU's code on the pre-join screen of a meeting on the SFU, not after the join", async () => {
    await joined("Ada");
    await joined("Bea");
    await joined("Cy");
    let asked = 0;
    const store = createRoomStore("k7fq-2m9x-p4tz-8hwn");
    const session = new RoomSession({
      roomId: "k7fq-2m9x-p4tz-8hwn",
      partyHost: "memory",
      store,
      createTransport: (options) => new RecordingTransport("mesh", options),
      loadSfuTransport: async () => {
        asked += 1;
        return (options) => new RecordingTransport("sfu", options);
      },
      storage: { getItem: () => null, setItem: () => {} },
      openSocket: () => server.openSocket(),
    });
    sessions.push(session);
    session.connect();
    await until(() => store.getState().route === "sfu");

    // Typing a name: the mesh's code loads, and so does the SFU's, since that is where this meeting is.
    session.warmUp();
    expect(asked).toBe(1);
  });

  it("stops saying the SFU's code is missing once the meeting is back to peer to peer", async () => {
    const ada = await joined("Ada", async () => {
      throw new Error("network");
    });
    await joined("Bea");
    const cy = await joined("Cy");
    await until(() => ada.store.getState().notice !== null);
    cy.session.leave();
    // At once, not after the pause before the next try.
    await until(() => ada.store.getState().notice === null, 500);
  });
});
