/**
 * Negotiation with real peer connections (libwebrtc for Node): PeerLinks and Meshes wired back to back
 * through an asynchronous JSON channel, as the room server would carry their signals.
 */
import { randomBytes } from "node:crypto";
import wrtc from "@roamhq/wrtc";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FILE_CHANNEL_PROTOCOL } from "@/lib/files/protocol";
import { receiveFile } from "@/lib/files/receive-file";
import { sendFile } from "@/lib/files/send-file";
import { signalPayloadSchema, type Participant, type SignalPayload } from "@/lib/protocol";
import { Mesh } from "@/lib/rtc/mesh";
import { PeerLink, type IceSetup, type LinkStatus } from "@/lib/rtc/peer-link";

const TIMEOUT = 15_000;
/** Host candidates only: both ends are on this machine. */
const NO_ICE: IceSetup = { iceServers: [], iceTransportPolicy: "all" };
const POLL = { timeout: 12_000, interval: 50 };

beforeAll(() => {
  vi.stubGlobal("MediaStream", wrtc.MediaStream);
});
afterAll(() => {
  vi.unstubAllGlobals();
});

/**
 * Everything is closed once, when the file is done: closing connections between tests, while the
 * binding's network threads still wind down the last ones, can crash the process.
 */
const cleanups: (() => void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  // Let the binding's network and signaling threads finish closing before the worker exits.
  await new Promise((resolve) => setTimeout(resolve, 500));
});

/**
 * Connections, sources and tracks live for the whole file: this libwebrtc binding can crash the
 * process when one is collected, or a track stopped, while a closed connection's threads wind down.
 */
const keepAlive: unknown[] = [];

const ANSWERING_STATES: RTCSignalingState[] = ["have-remote-offer", "have-local-pranswer"];

/**
 * This libwebrtc build lacks three things browsers do, so add them as the spec defines them:
 * - the operations chain: description and candidate operations run one at a time, in call order;
 * - argument-less setLocalDescription(): an answer when a remote offer is pending, an offer otherwise,
 *   decided when the operation runs, not when it is called;
 * - implicit rollback: a remote offer arriving in "have-local-offer" first rolls the local offer back.
 */
function createPeerConnection(config: RTCConfiguration): RTCPeerConnection {
  const pc = new wrtc.RTCPeerConnection(config);
  let chain: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = chain.then(operation);
    chain = result.catch(() => {});
    return result;
  };
  const setLocal = pc.setLocalDescription.bind(pc);
  const setRemote = pc.setRemoteDescription.bind(pc);
  const addCandidate = pc.addIceCandidate.bind(pc);
  pc.setLocalDescription = (description?: RTCLocalSessionDescriptionInit) =>
    enqueue(async () => {
      if (description) return setLocal(description);
      const answering = ANSWERING_STATES.includes(pc.signalingState);
      return setLocal(answering ? await pc.createAnswer() : await pc.createOffer());
    });
  pc.setRemoteDescription = (description: RTCSessionDescriptionInit) =>
    enqueue(async () => {
      if (description.type === "offer" && pc.signalingState === "have-local-offer") {
        await setLocal({ type: "rollback" });
      }
      return setRemote(description);
    });
  pc.addIceCandidate = (candidate?: RTCIceCandidateInit | null) => enqueue(() => addCandidate(candidate));
  cleanups.push(() => pc.close());
  keepAlive.push(pc);
  return pc;
}

function screen(): MediaStream {
  const source = new wrtc.nonstandard.RTCVideoSource();
  const track = source.createTrack();
  keepAlive.push(source, track);
  return new wrtc.MediaStream([track]);
}

function camera(): MediaStream {
  const sources = [new wrtc.nonstandard.RTCAudioSource(), new wrtc.nonstandard.RTCVideoSource()];
  const tracks = sources.map((source) => source.createTrack());
  keepAlive.push(sources, tracks);
  return new wrtc.MediaStream(tracks);
}

/** Delivers a signal a few milliseconds later, after a trip through JSON and the protocol schema. */
function deliverLater(deliver: (payload: SignalPayload) => void) {
  return (payload: SignalPayload) => {
    const onTheWire = JSON.stringify(payload);
    setTimeout(() => deliver(signalPayloadSchema.parse(JSON.parse(onTheWire))), 2);
  };
}

interface Side {
  link: PeerLink;
  /** Kinds of the tracks in the last remote stream handed to onRemoteStream. */
  remoteKinds: () => string[];
  /** The other side's shared screen, as last reported. */
  remoteScreen: () => MediaStream | null;
  /** Data channels the other side opened. */
  channels: RTCDataChannel[];
  errors: unknown[];
  statuses: LinkStatus[];
}

/**
 * Two links wired back to back. While `wire.down` is set, signals are lost, as when the signaling
 * connection drops.
 */
function pair(streams: { polite: MediaStream | null; impolite: MediaStream | null }, wire = { down: false }) {
  const links = new Map<"polite" | "impolite", PeerLink>();
  const make = (role: "polite" | "impolite", other: "polite" | "impolite"): Side => {
    let remote: MediaStream | null = null;
    let screen: MediaStream | null = null;
    const channels: RTCDataChannel[] = [];
    const errors: unknown[] = [];
    const statuses: LinkStatus[] = [];
    const link = new PeerLink({
      polite: role === "polite",
      ice: NO_ICE,
      localStream: streams[role],
      sendSignal: (payload) => {
        if (!wire.down) deliverLater((delivered) => links.get(other)?.handleSignal(delivered))(payload);
      },
      onRemoteStream: (stream) => (remote = stream),
      onRemoteScreen: (stream) => (screen = stream),
      onDataChannel: (channel) => channels.push(channel),
      onStatusChange: (status) => statuses.push(status),
      onError: (error) => errors.push(error),
      createPeerConnection,
    });
    links.set(role, link);
    cleanups.push(() => link.close());
    const remoteKinds = () => (remote?.getTracks().map((track) => track.kind) ?? []).sort();
    return { link, remoteKinds, remoteScreen: () => screen, channels, errors, statuses };
  };
  return { polite: make("polite", "impolite"), impolite: make("impolite", "polite") };
}

const connected = (side: Side) => expect.poll(() => side.link.pc.connectionState, POLL).toBe("connected");
const receives = (side: Side, kinds: string[]) => expect.poll(side.remoteKinds, POLL).toEqual(kinds);
const mLines = (link: PeerLink) => link.pc.localDescription?.sdp.match(/^m=/gm)?.length;
const directions = (link: PeerLink) => link.pc.getTransceivers().map((t) => t.currentDirection);

describe("PeerLink", () => {
  it(
    "connects when the later joiner starts, one audio and one video line carrying media both ways",
    async () => {
      const { polite, impolite } = pair({ polite: camera(), impolite: camera() });
      polite.link.start();
      await Promise.all([connected(polite), connected(impolite)]);
      await Promise.all([receives(polite, ["audio", "video"]), receives(impolite, ["audio", "video"])]);
      expect(mLines(polite.link)).toBe(2);
      expect(mLines(impolite.link)).toBe(2);
      expect(directions(polite.link)).toEqual(["sendrecv", "sendrecv"]);
      expect(directions(impolite.link)).toEqual(["sendrecv", "sendrecv"]);
      expect([...polite.errors, ...impolite.errors]).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "lets a side with no camera or microphone start the call and still receive the other's media",
    async () => {
      const { polite, impolite } = pair({ polite: null, impolite: camera() });
      polite.link.start();
      await Promise.all([connected(polite), connected(impolite)]);
      await receives(polite, ["audio", "video"]);
      expect(impolite.link.pc.getSenders().filter((sender) => sender.track)).toHaveLength(2);
      expect(polite.link.pc.getSenders().filter((sender) => sender.track)).toHaveLength(0);
      expect(mLines(polite.link)).toBe(2);
      expect(impolite.remoteKinds()).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "converges when both sides start at the same moment",
    async () => {
      for (let round = 0; round < 5; round++) {
        const { polite, impolite } = pair({ polite: camera(), impolite: camera() });
        polite.link.start();
        impolite.link.start();
        await Promise.all([connected(polite), connected(impolite)]);
        await Promise.all([receives(polite, ["audio", "video"]), receives(impolite, ["audio", "video"])]);
        expect(mLines(polite.link)).toBe(2);
        expect([...polite.errors, ...impolite.errors]).toEqual([]);
        polite.link.close();
        impolite.link.close();
      }
    },
    TIMEOUT * 3,
  );

  it(
    "reports a peer unreachable when no connection comes within the deadline, and connected once it does",
    async () => {
      const statuses: LinkStatus[] = [];
      const link = new PeerLink({
        polite: true,
        ice: NO_ICE,
        localStream: camera(),
        // Signals go nowhere, as when a firewall or a dead peer swallows them.
        sendSignal: () => {},
        onRemoteStream: () => {},
        onStatusChange: (status) => statuses.push(status),
        createPeerConnection,
        unreachableAfterMs: 200,
      });
      cleanups.push(() => link.close());
      link.start();
      // Not armed yet: a link made ahead of time, before anyone can answer, is not "unreachable".
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(statuses).toEqual([]);
      link.armDeadline();
      await expect.poll(() => statuses, POLL).toEqual(["unreachable"]);

      const { polite, impolite } = pair({ polite: camera(), impolite: camera() });
      polite.link.armDeadline();
      polite.link.start();
      await connected(impolite);
      await expect.poll(() => polite.statuses, POLL).toEqual(["connected"]);
    },
    TIMEOUT,
  );

  it(
    "starts a negotiation cut off by a signaling drop over once signaling is back, and it completes",
    async () => {
      const wire = { down: false };
      const { polite, impolite } = pair({ polite: camera(), impolite: camera() }, wire);
      polite.link.start();
      await Promise.all([connected(polite), connected(impolite)]);
      wire.down = true;
      // A screen share starts while the signaling connection is down: its offer is lost.
      impolite.link.setScreen(screen());
      await expect.poll(() => impolite.link.pc.signalingState, POLL).toBe("have-local-offer");
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(polite.remoteScreen()).toBeNull();

      wire.down = false;
      polite.link.recoverNegotiation();
      impolite.link.recoverNegotiation();
      await expect.poll(polite.remoteScreen, POLL).not.toBeNull();
      await expect
        .poll(() => [polite.link.pc.signalingState, impolite.link.pc.signalingState], POLL)
        .toEqual(["stable", "stable"]);
      expect(polite.link.pc.connectionState).toBe("connected");
      expect([...polite.errors, ...impolite.errors]).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "converges in each of 50 rounds of both sides renegotiating at the same moment",
    async () => {
      const { polite, impolite } = pair({ polite: camera(), impolite: camera() });
      polite.link.start();
      await Promise.all([connected(polite), connected(impolite)]);
      const ufrag = (link: PeerLink) => /a=ice-ufrag:(\S+)/.exec(link.pc.localDescription?.sdp ?? "")?.[1];
      const settled = () =>
        [polite, impolite].every(
          ({ link }) => link.pc.signalingState === "stable" && link.pc.connectionState === "connected",
        );
      for (let round = 0; round < 50; round++) {
        const before = [ufrag(polite.link), ufrag(impolite.link)];
        // Both ask for a new negotiation at once: their offers cross on the wire.
        polite.link.pc.restartIce();
        impolite.link.pc.restartIce();
        await expect
          .poll(
            () => settled() && ufrag(polite.link) !== before[0] && ufrag(impolite.link) !== before[1],
            POLL,
          )
          .toBe(true);
      }
      expect(polite.remoteKinds()).toEqual(["audio", "video"]);
      expect(impolite.remoteKinds()).toEqual(["audio", "video"]);
      expect([...polite.errors, ...impolite.errors]).toEqual([]);
    },
    TIMEOUT * 8,
  );

  it(
    "sends a shared screen as a stream of its own, from either side, and ends it when sharing stops",
    async () => {
      const { polite, impolite } = pair({ polite: camera(), impolite: camera() });
      polite.link.start();
      await Promise.all([connected(polite), connected(impolite)]);
      await receives(polite, ["audio", "video"]);

      const impoliteScreen = screen();
      impolite.link.setScreen(impoliteScreen);
      await expect.poll(polite.remoteScreen, POLL).not.toBeNull();
      expect(
        polite
          .remoteScreen()
          ?.getTracks()
          .map((track) => track.kind),
      ).toEqual(["video"]);
      // The camera's stream is untouched: the screen does not land in it.
      expect(polite.remoteKinds()).toEqual(["audio", "video"]);
      expect(impolite.remoteScreen()).toBeNull();

      polite.link.setScreen(screen());
      await expect.poll(impolite.remoteScreen, POLL).not.toBeNull();

      impolite.link.setScreen(null);
      await expect.poll(polite.remoteScreen, POLL).toBeNull();
      expect(impolite.remoteScreen()).not.toBeNull();
      expect(impolite.link.pc.connectionState).toBe("connected");

      // Sharing again works on a fresh line.
      impolite.link.setScreen(impoliteScreen);
      await expect.poll(polite.remoteScreen, POLL).not.toBeNull();
      expect([...polite.errors, ...impolite.errors]).toEqual([]);
    },
    TIMEOUT * 2,
  );

  it(
    "converges when both sides start sharing their screens at the same moment",
    async () => {
      for (let round = 0; round < 5; round++) {
        const { polite, impolite } = pair({ polite: camera(), impolite: camera() });
        polite.link.start();
        await Promise.all([connected(polite), connected(impolite)]);
        polite.link.setScreen(screen());
        impolite.link.setScreen(screen());
        await expect.poll(polite.remoteScreen, POLL).not.toBeNull();
        await expect.poll(impolite.remoteScreen, POLL).not.toBeNull();
        await expect
          .poll(() => [polite.link.pc.signalingState, impolite.link.pc.signalingState], POLL)
          .toEqual(["stable", "stable"]);
        // Not asserted error-free, unlike the rest: this libwebrtc build keeps a rolled-back line's
        // place and rejects the polite side's next offer once; the link offers again and converges.
        // Chromium does not (the end-to-end screen-share test shares from two sides at once).
        polite.link.close();
        impolite.link.close();
      }
    },
    TIMEOUT * 3,
  );

  it(
    "switches to another camera on the same line without renegotiating, and starts sending one it lacked",
    async () => {
      const { polite, impolite } = pair({ polite: null, impolite: camera() });
      let descriptions = 0;
      const countDescriptions = (link: PeerLink) =>
        link.pc.addEventListener("signalingstatechange", () => {
          if (link.pc.signalingState !== "stable") descriptions++;
        });
      polite.link.start();
      await Promise.all([connected(polite), connected(impolite)]);
      await receives(polite, ["audio", "video"]);
      countDescriptions(polite.link);
      countDescriptions(impolite.link);

      const newCamera = camera();
      const [newVideo] = newCamera.getVideoTracks();
      await impolite.link.setLocalTrack(newVideo!, newCamera);
      const videoSender = impolite.link.pc.getSenders().find((sender) => sender.track?.kind === "video");
      expect(videoSender?.track).toBe(newVideo);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(descriptions).toBe(0);

      // The side that joined with nothing plugs a camera in: its line turns to sending.
      const late = camera();
      await polite.link.setLocalTrack(late.getVideoTracks()[0]!, late);
      await receives(impolite, ["video"]);
      expect(descriptions).toBeGreaterThan(0);
      expect([...polite.errors, ...impolite.errors]).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "sends a file over a data channel opened mid-call, byte for byte, and a second one without renegotiating",
    async () => {
      const { polite, impolite } = pair({ polite: camera(), impolite: camera() });
      polite.link.start();
      await Promise.all([connected(polite), connected(impolite)]);
      const signal = new AbortController().signal;
      for (const round of [1, 2]) {
        const bytes = randomBytes(3 * 1024 * 1024 + round);
        const channel = impolite.link.openChannel("file", { protocol: FILE_CHANNEL_PROTOCOL });
        await expect.poll(() => polite.channels.length, POLL).toBe(round);
        const incoming = polite.channels[round - 1]!;
        expect(incoming.protocol).toBe(FILE_CHANNEL_PROTOCOL);
        const [sent, received] = await Promise.all([
          sendFile(channel, new File([bytes], "clip.bin"), { signal }),
          receiveFile(incoming, { signal, decide: async () => true }),
        ]);
        expect(sent.outcome).toBe("done");
        if (received.outcome !== "received") throw new Error(`Not received: ${received.outcome}`);
        expect(Buffer.from(await received.file.arrayBuffer()).equals(bytes)).toBe(true);
      }
      // One data line in the call, whichever channel is open.
      expect(impolite.link.pc.localDescription?.sdp.match(/^m=application/gm)).toHaveLength(1);
      expect([...polite.errors, ...impolite.errors]).toEqual([]);
    },
    TIMEOUT * 2,
  );

  it("closes its peer connection, and a second close is harmless", () => {
    const { polite } = pair({ polite: null, impolite: null });
    polite.link.close();
    expect(() => polite.link.close()).not.toThrow();
    expect(polite.link.pc.signalingState).toBe("closed");
    expect(polite.link.pc.connectionState).toBe("closed");
  });
});

const everyone: Participant[] = [0, 1, 2].map((n) => ({ id: `p${n}`, name: `P${n}`, joinOrder: n }));
const participant = (n: number): Participant => {
  const found = everyone[n];
  if (!found) throw new Error(`No participant ${n}`);
  return found;
};

type Relay = (from: string, to: string, payload: SignalPayload) => void;

function meshFor(
  self: Participant | null,
  {
    localStream,
    relay,
    unreachableAfterMs,
  }: { localStream?: MediaStream; relay?: Relay; unreachableAfterMs?: number } = {},
) {
  const sent: { to: string; payload: SignalPayload }[] = [];
  const remote = new Map<string, MediaStream>();
  const screens = new Map<string, MediaStream | null>();
  const states = new Map<string, LinkStatus>();
  const errors: unknown[] = [];
  const mesh = new Mesh({
    self,
    ice: NO_ICE,
    localStream: localStream ?? null,
    sendSignal: (to, payload) => {
      sent.push({ to, payload });
      relay?.(self?.id ?? "joining", to, payload);
    },
    onRemoteStream: (peerId, stream) => remote.set(peerId, stream),
    onRemoteScreen: (peerId, stream) => screens.set(peerId, stream),
    onLinkStatus: (peerId, status) => states.set(peerId, status),
    onLinkError: (_peerId, error) => errors.push(error),
    createPeerConnection,
    unreachableAfterMs,
  });
  cleanups.push(() => mesh.close());
  const descriptionsTo = (to: string) =>
    sent.flatMap(({ to: target, payload }) =>
      target === to && payload.kind === "description" ? [payload.description.type] : [],
    );
  const remoteKinds = (peerId: string) =>
    (
      remote
        .get(peerId)
        ?.getTracks()
        .map((t) => t.kind) ?? []
    ).sort();
  const hasScreenFrom = (peerId: string) => Boolean(screens.get(peerId));
  return { mesh, sent, states, errors, descriptionsTo, remoteKinds, hasScreenFrom };
}

/** An offer for audio and video from a connection outside any mesh, as another participant would send. */
async function foreignOffer(): Promise<SignalPayload> {
  const pc = createPeerConnection({});
  pc.addTransceiver("audio");
  pc.addTransceiver("video");
  await pc.setLocalDescription();
  const sdp = pc.localDescription?.sdp ?? "";
  return { kind: "description", description: { type: "offer", sdp } };
}

describe("Mesh", () => {
  it(
    "has the latest joiner dial everyone already there, as the polite side",
    async () => {
      const newest = meshFor(participant(2), { localStream: camera() });
      newest.mesh.syncRoster(everyone);
      expect(newest.mesh.peerIds.sort()).toEqual(["p0", "p1"]);
      await expect
        .poll(() => [newest.descriptionsTo("p0"), newest.descriptionsTo("p1")], POLL)
        .toEqual([["offer"], ["offer"]]);
      // A colliding offer from p0: the polite side yields and answers it instead of ignoring it.
      expect(newest.mesh.link("p0")?.pc.signalingState).toBe("have-local-offer");
      newest.mesh.handleSignal("p0", await foreignOffer());
      await expect.poll(() => newest.descriptionsTo("p0"), POLL).toContain("answer");
      expect(newest.errors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "dials everyone present while its own join is still on the way, and keeps those calls once admitted",
    async () => {
      const joining = meshFor(null, { localStream: camera() });
      joining.mesh.syncRoster(everyone.slice(0, 2));
      expect(joining.mesh.peerIds.sort()).toEqual(["p0", "p1"]);
      await expect.poll(() => joining.descriptionsTo("p0"), POLL).toEqual(["offer"]);
      const links = ["p0", "p1"].map((id) => joining.mesh.link(id));

      joining.mesh.setSelf(participant(2));
      joining.mesh.syncRoster(everyone);
      expect(joining.mesh.selfId).toBe("p2");
      expect(["p0", "p1"].map((id) => joining.mesh.link(id))).toEqual(links);
      expect(joining.mesh.peerIds).not.toContain("p2");
    },
    TIMEOUT,
  );

  it(
    "says a later joiner is unreachable when their call never comes",
    async () => {
      const first = meshFor(participant(0), { unreachableAfterMs: 300 });
      first.mesh.syncRoster(everyone);
      first.mesh.handleSignal("p2", await foreignOffer());
      await expect.poll(() => first.states.get("p1"), POLL).toBe("unreachable");
      expect(first.mesh.link("p1")).toBeUndefined();
      // p2's call came, so p2's fate is its link's own to tell.
      expect(first.mesh.link("p2")).toBeDefined();
    },
    TIMEOUT,
  );

  it("has a participant dial only those who joined before it", () => {
    const middle = meshFor(participant(1));
    middle.mesh.syncRoster(everyone);
    expect(middle.mesh.peerIds).toEqual(["p0"]);
  });

  it(
    "has the first joiner wait for a member's signal and ignore strangers",
    async () => {
      const first = meshFor(participant(0));
      first.mesh.syncRoster(everyone);
      expect(first.mesh.peerIds).toEqual([]);
      const offer = await foreignOffer();
      first.mesh.handleSignal("stranger", offer);
      expect(first.mesh.peerIds).toEqual([]);
      first.mesh.handleSignal("p2", offer);
      expect(first.mesh.peerIds).toEqual(["p2"]);
      await expect.poll(() => first.descriptionsTo("p2"), POLL).toEqual(["answer"]);
      expect(first.sent.every(({ to }) => to === "p2")).toBe(true);
    },
    TIMEOUT,
  );

  it("closes the link to someone who left and keeps the others", () => {
    const newest = meshFor(participant(2));
    newest.mesh.syncRoster(everyone);
    const [toFirst, toMiddle] = [newest.mesh.link("p0"), newest.mesh.link("p1")];
    newest.mesh.syncRoster([participant(1), participant(2)]);
    expect(newest.mesh.peerIds).toEqual(["p1"]);
    expect(toFirst?.pc.signalingState).toBe("closed");
    expect(newest.mesh.link("p1")).toBe(toMiddle);
    expect(toMiddle?.pc.signalingState).not.toBe("closed");
    newest.mesh.handleSignal("p0", { kind: "candidate", candidate: { candidate: "" } });
    expect(newest.mesh.peerIds).toEqual(["p1"]);
  });

  it("does not dial twice when the roster repeats, and closes every link on close", () => {
    const newest = meshFor(participant(2));
    newest.mesh.syncRoster(everyone);
    const links = newest.mesh.peerIds.map((id) => newest.mesh.link(id));
    newest.mesh.syncRoster(everyone);
    expect(newest.mesh.peerIds.map((id) => newest.mesh.link(id))).toEqual(links);
    newest.mesh.close();
    expect(newest.mesh.peerIds).toEqual([]);
    expect(links.map((link) => link?.pc.signalingState)).toEqual(["closed", "closed"]);
  });

  it(
    "shares a screen with everyone connected and with whoever joins later, until it stops",
    async () => {
      const meshes = new Map<string, ReturnType<typeof meshFor>>();
      const relay: Relay = (from, to, payload) =>
        deliverLater((delivered) => meshes.get(to)?.mesh.handleSignal(from, delivered))(payload);
      const join = (self: Participant) => {
        meshes.set(self.id, meshFor(self, { localStream: camera(), relay }));
        const present = everyone.slice(0, self.joinOrder + 1);
        for (const { mesh } of meshes.values()) mesh.syncRoster(present);
      };
      const side = (id: string) => meshes.get(id)!;
      join(participant(0));
      join(participant(1));
      await expect.poll(() => side("p0").states.get("p1"), POLL).toBe("connected");

      side("p1").mesh.setScreen(screen());
      await expect.poll(() => side("p0").hasScreenFrom("p1"), POLL).toBe(true);
      join(participant(2));
      await expect.poll(() => side("p2").hasScreenFrom("p1"), POLL).toBe(true);
      expect(side("p2").hasScreenFrom("p0")).toBe(false);

      side("p1").mesh.setScreen(null);
      await expect
        .poll(() => [side("p0").hasScreenFrom("p1"), side("p2").hasScreenFrom("p1")], POLL)
        .toEqual([false, false]);
      expect(side("p2").remoteKinds("p1")).toEqual(["audio", "video"]);
      for (const { errors } of meshes.values()) expect(errors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "connects three participants to each other with media both ways",
    async () => {
      const meshes = new Map<string, ReturnType<typeof meshFor>>();
      const relay: Relay = (from, to, payload) =>
        deliverLater((delivered) => meshes.get(to)?.mesh.handleSignal(from, delivered))(payload);
      for (const self of everyone) meshes.set(self.id, meshFor(self, { localStream: camera(), relay }));
      for (const { mesh } of meshes.values()) mesh.syncRoster(everyone);
      for (const self of everyone) {
        const side = meshes.get(self.id);
        const others = everyone.filter((p) => p.id !== self.id).map((p) => p.id);
        await expect
          .poll(() => others.map((id) => side?.states.get(id)), POLL)
          .toEqual(["connected", "connected"]);
        await expect
          .poll(() => others.map((id) => side?.remoteKinds(id)), POLL)
          .toEqual([
            ["audio", "video"],
            ["audio", "video"],
          ]);
        expect(side?.errors).toEqual([]);
      }
    },
    TIMEOUT,
  );
});
