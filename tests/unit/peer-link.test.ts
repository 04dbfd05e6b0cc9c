/**
 * Negotiation with real peer connections: libwebrtc for Node, two PeerLinks wired back to back
 * through an asynchronous JSON channel, as the room server would carry their signals.
 */
import wrtc from "@roamhq/wrtc";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Participant, SignalPayload } from "../../lib/protocol";
import { Mesh } from "../../lib/rtc/mesh";
import { PeerLink } from "../../lib/rtc/peer-link";

beforeAll(() => {
  globalThis.MediaStream ??= wrtc.MediaStream;
});

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** This libwebrtc build predates argument-less setLocalDescription(); add it as the spec defines it. */
function createPeerConnection(config: RTCConfiguration): RTCPeerConnection {
  const pc = new wrtc.RTCPeerConnection(config);
  const setLocal = pc.setLocalDescription.bind(pc);
  pc.setLocalDescription = async (description?: RTCLocalSessionDescriptionInit) =>
    setLocal(
      description ??
        (pc.signalingState === "have-remote-offer" ? await pc.createAnswer() : await pc.createOffer()),
    );
  cleanups.push(() => pc.close());
  return pc;
}

function camera(): MediaStream {
  const tracks = [
    new wrtc.nonstandard.RTCAudioSource().createTrack(),
    new wrtc.nonstandard.RTCVideoSource().createTrack(),
  ];
  cleanups.push(() => tracks.forEach((track) => track.stop()));
  return new wrtc.MediaStream(tracks);
}

const wire = (deliver: (payload: SignalPayload) => void) => (payload: SignalPayload) =>
  setTimeout(() => deliver(JSON.parse(JSON.stringify(payload)) as SignalPayload), 2);

function pair(streams: { polite: MediaStream | null; impolite: MediaStream | null }) {
  const received = { polite: new Set<string>(), impolite: new Set<string>() };
  const make = (role: "polite" | "impolite", send: (payload: SignalPayload) => void) =>
    new PeerLink({
      remoteId: role === "polite" ? "impolite" : "polite",
      polite: role === "polite",
      iceServers: [],
      localStream: streams[role],
      sendSignal: send,
      onRemoteStream: (stream) => stream.getTracks().forEach((t) => received[role].add(t.kind)),
      onStateChange: () => {},
      createPeerConnection,
    });
  const links: { polite?: PeerLink; impolite?: PeerLink } = {};
  links.polite = make(
    "polite",
    wire((p) => links.impolite!.handleSignal(p)),
  );
  links.impolite = make(
    "impolite",
    wire((p) => links.polite!.handleSignal(p)),
  );
  cleanups.push(() => [links.polite, links.impolite].forEach((link) => link?.close()));
  return { polite: links.polite, impolite: links.impolite, received };
}

const connected = (link: PeerLink) =>
  expect.poll(() => link.pc.connectionState, { timeout: 10_000, interval: 50 }).toBe("connected");
const mLines = (link: PeerLink) => link.pc.localDescription?.sdp.match(/^m=/gm)?.length;

describe("PeerLink", () => {
  it("connects when the later joiner starts, with one audio and one video line carrying both ways", async () => {
    const { polite, impolite, received } = pair({ polite: camera(), impolite: camera() });
    polite.start();
    await Promise.all([connected(polite), connected(impolite)]);
    await expect.poll(() => [...received.impolite].sort()).toEqual(["audio", "video"]);
    await expect.poll(() => [...received.polite].sort()).toEqual(["audio", "video"]);
    expect(mLines(polite)).toBe(2);
    expect(mLines(impolite)).toBe(2);
  });

  it("lets a participant with no camera or microphone receive the other's media", async () => {
    const { polite, impolite, received } = pair({ polite: null, impolite: camera() });
    polite.start();
    await connected(polite);
    await expect.poll(() => [...received.polite].sort()).toEqual(["audio", "video"]);
    expect(impolite.pc.getSenders().filter((sender) => sender.track)).toHaveLength(2);
  });
});

describe("Mesh", () => {
  const roster: Participant[] = [0, 1, 2].map((n) => ({ id: `p${n}`, name: `P${n}`, joinOrder: n }));
  const meshFor = (self: Participant, sent: string[]) => {
    const mesh = new Mesh({
      self,
      iceServers: [],
      localStream: null,
      sendSignal: (to) => sent.push(to),
      onRemoteStream: () => {},
      onLinkState: () => {},
      createPeerConnection,
    });
    cleanups.push(() => mesh.close());
    return mesh;
  };

  it("has the newcomer dial everyone already there, and nobody dial twice", async () => {
    const newcomerSent: string[] = [];
    const newcomer = meshFor(roster[2]!, newcomerSent);
    newcomer.syncRoster(roster);
    expect(newcomer.peerIds.sort()).toEqual(["p0", "p1"]);
    await expect.poll(() => new Set(newcomerSent).size).toBe(2);

    const first = meshFor(roster[0]!, []);
    first.syncRoster(roster);
    expect(first.peerIds).toEqual([]);
  });

  it("answers members, ignores strangers, and closes links to those who left", () => {
    const first = meshFor(roster[0]!, []);
    first.syncRoster(roster);
    const offer: SignalPayload = { kind: "description", description: { type: "offer", sdp: "v=0" } };
    first.handleSignal("stranger", offer);
    expect(first.peerIds).toEqual([]);
    first.handleSignal("p2", offer);
    expect(first.peerIds).toEqual(["p2"]);
    const link = first.link("p2")!;
    first.syncRoster(roster.slice(0, 2));
    expect(first.peerIds).toEqual([]);
    expect(link.pc.signalingState).toBe("closed");
  });
});
