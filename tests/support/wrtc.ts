/**
 * Real peer connections in Node (libwebrtc through @roamhq/wrtc) for the negotiation tests, with what
 * this build lacks of a browser's RTCPeerConnection added as the spec defines it.
 */
import wrtc from "@roamhq/wrtc";
import { afterAll, beforeAll, vi } from "vitest";
import type { IceSetup } from "@/lib/rtc/peer-link";

/** Host candidates only: both ends are on this machine. */
export const NO_ICE: IceSetup = { iceServers: [], iceTransportPolicy: "all" };
export const POLL = { timeout: 12_000, interval: 50 };

/**
 * Everything is closed once, when the file is done: closing connections between tests, while the
 * binding's network threads still wind down the last ones, can crash the process.
 */
export const cleanups: (() => void)[] = [];

/**
 * Connections, sources and tracks live for the whole file: this libwebrtc binding can crash the
 * process when one is collected, or a track stopped, while a closed connection's threads wind down.
 */
const keepAlive: unknown[] = [];

/** Streams made by the code under test (a link's remote stream, say) live as long as the file too. */
class KeptMediaStream extends wrtc.MediaStream {
  constructor(...args: ConstructorParameters<typeof wrtc.MediaStream>) {
    super(...args);
    keepAlive.push(this);
  }
}

/** Call once at the top of a test file that makes peer connections; `globals` are set for it too. */
export function withRealPeerConnections(globals: Record<string, unknown> = {}): void {
  beforeAll(() => {
    vi.stubGlobal("MediaStream", KeptMediaStream);
    for (const [name, value] of Object.entries(globals)) vi.stubGlobal(name, value);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
    // Let the binding's network and signaling threads finish closing before the worker exits.
    await new Promise((resolve) => setTimeout(resolve, 500));
    vi.unstubAllGlobals();
  });
}

const ANSWERING_STATES: RTCSignalingState[] = ["have-remote-offer", "have-local-pranswer"];

/**
 * This libwebrtc build lacks three things browsers do, so add them as the spec defines them:
 * - the operations chain: description and candidate operations run one at a time, in call order;
 * - argument-less setLocalDescription(): an answer when a remote offer is pending, an offer otherwise,
 *   decided when the operation runs, not when it is called;
 * - implicit rollback: a remote offer arriving in "have-local-offer" first rolls the local offer back.
 */
export function createPeerConnection(config: RTCConfiguration): RTCPeerConnection {
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

export function screen(): MediaStream {
  const source = new wrtc.nonstandard.RTCVideoSource();
  const track = source.createTrack();
  keepAlive.push(source, track);
  return new wrtc.MediaStream([track]);
}

export function camera(): MediaStream {
  const sources = [new wrtc.nonstandard.RTCAudioSource(), new wrtc.nonstandard.RTCVideoSource()];
  const tracks = sources.map((source) => source.createTrack());
  keepAlive.push(sources, tracks);
  return new wrtc.MediaStream(tracks);
}

/** Delivers a message a few milliseconds later, after a trip through JSON and a schema. */
export function deliverLater<T>(parse: (json: unknown) => T, deliver: (message: T) => void) {
  return (message: T) => {
    const onTheWire = JSON.stringify(message);
    setTimeout(() => deliver(parse(JSON.parse(onTheWire))), 2);
  };
}
