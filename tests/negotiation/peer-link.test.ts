/**
 * Negotiation with real peer connections (libwebrtc for Node): two PeerLinks wired back to back
 * through an asynchronous JSON channel, as the room server would carry their signals.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FILE_CHANNEL_PROTOCOL } from "@/lib/files/protocol";
import { receiveFile } from "@/lib/files/receive-file";
import { sendFile } from "@/lib/files/send-file";
import * as v from "valibot";
import { signalPayloadSchema, type SignalPayload } from "@/lib/protocol";
import { PeerLink, type LinkStatus, type PeerLinkOptions } from "@/lib/rtc/peer-link";
import {
  camera,
  cleanups,
  createPeerConnection,
  deliverLater,
  NO_ICE,
  POLL,
  screen,
  withRealPeerConnections,
} from "../support/wrtc";

const TIMEOUT = 15_000;
withRealPeerConnections();

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

interface Wire {
  /** While set, signals are lost, as when the signaling connection drops. */
  down: boolean;
  /** Signals this says are lost, for losing particular ones. */
  loses?: (payload: SignalPayload) => boolean;
}

/** Two links wired back to back; `held` makes both calls from a pre-join screen. */
function pair(
  streams: { polite: MediaStream | null; impolite: MediaStream | null },
  wire: Wire = { down: false },
  answerTimeoutsMs?: number[],
  held: Pick<PeerLinkOptions, "holdMedia" | "heldVideo"> = {},
) {
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
        if (wire.down || wire.loses?.(payload)) return;
        deliverLater(
          (payload: unknown) => v.parse(signalPayloadSchema, payload),
          (delivered) => links.get(other)?.handleSignal(delivered),
        )(payload);
      },
      onRemoteStream: (stream) => (remote = stream),
      onRemoteScreen: (stream) => (screen = stream),
      onDataChannel: (channel) => channels.push(channel),
      onStatusChange: (status) => statuses.push(status),
      onError: (error) => errors.push(error),
      createPeerConnection,
      answerTimeoutsMs,
      ...held,
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
const sentTrack = (link: PeerLink, kind: string) =>
  link.pc.getTransceivers().find((t) => t.receiver.track.kind === kind)?.sender.track ?? null;
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
    "sends an offer again while its answer does not come, and connects on the answer to a copy",
    async () => {
      const answers: number[] = [];
      const offers: number[] = [];
      const wire: Wire = {
        down: false,
        // The first two answers vanish, as with a socket that drops just then.
        loses: (payload) => {
          if (payload.kind !== "description") return false;
          const sent = payload.description.type === "answer" ? answers : offers;
          sent.push(payload.seq);
          return payload.description.type === "answer" && answers.length <= 2;
        },
      };
      const { polite, impolite } = pair({ polite: camera(), impolite: camera() }, wire, [150, 300, 600]);
      polite.link.start();
      await Promise.all([connected(polite), connected(impolite)]);
      await receives(polite, ["audio", "video"]);
      // One offer, sent three times, and every answer names it.
      expect(offers).toEqual([1, 1, 1]);
      expect(answers).toEqual([1, 1, 1]);
      expect([...polite.errors, ...impolite.errors]).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "gives the connection up when an offer is never answered",
    async () => {
      const wire: Wire = { down: false, loses: (payload) => payload.kind === "description" };
      const { polite } = pair({ polite: camera(), impolite: camera() }, wire, [100, 100]);
      polite.link.start();
      await expect
        .poll(() => polite.errors.map(String), POLL)
        .toEqual(["Error: The other side never answered."]);
    },
    TIMEOUT,
  );

  it(
    "applies only the answer to the offer now out, never a late one to an earlier offer",
    async () => {
      const answers: SignalPayload[] = [];
      const wire: Wire = {
        down: false,
        loses: (payload) => {
          const answer = payload.kind === "description" && payload.description.type === "answer";
          if (answer) answers.push(payload);
          // From the second on, answers are delivered by hand below.
          return answer && answers.length > 1;
        },
      };
      const { polite, impolite } = pair({ polite: camera(), impolite: camera() }, wire, [10_000]);
      polite.link.start();
      await Promise.all([connected(polite), connected(impolite)]);
      const firstAnswer = answers[0]!;

      polite.link.setScreen(screen());
      await expect.poll(() => answers.length, POLL).toBe(2);
      expect(polite.link.pc.signalingState).toBe("have-local-offer");
      polite.link.handleSignal(firstAnswer);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(polite.link.pc.signalingState).toBe("have-local-offer");

      polite.link.handleSignal(answers[1]!);
      await expect.poll(impolite.remoteScreen, POLL).not.toBeNull();
      expect(polite.link.pc.signalingState).toBe("stable");
      // Late again, now that nothing is waiting: still nothing happens.
      polite.link.handleSignal(firstAnswer);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(polite.link.pc.signalingState).toBe("stable");
      expect([...polite.errors, ...impolite.errors]).toEqual([]);
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
    "keeps a connected call's path as new ICE servers arrive, and has them in place when a path is looked for again",
    async () => {
      const { polite, impolite } = pair({ polite: camera(), impolite: camera() });
      polite.link.start();
      await Promise.all([connected(polite), connected(impolite)]);
      const configured: RTCConfiguration[] = [];
      const setConfiguration = impolite.link.pc.setConfiguration.bind(impolite.link.pc);
      impolite.link.pc.setConfiguration = (configuration) => {
        configured.push(configuration ?? {});
        setConfiguration(configuration);
      };
      // TURN given at the join: nothing to search for while the call is up.
      const withTurn = {
        ...NO_ICE,
        iceServers: [{ urls: "turn:127.0.0.1:9", username: "u", credential: "c" }],
      };
      impolite.link.setIceConfig(withTurn);
      expect(configured).toEqual([]);

      // The other side looks for a path again (an ICE restart): this side answers with the servers set.
      const ufrag = /a=ice-ufrag:(\S+)/.exec(impolite.link.pc.localDescription?.sdp ?? "")?.[1];
      polite.link.pc.restartIce();
      await expect
        .poll(() => /a=ice-ufrag:(\S+)/.exec(impolite.link.pc.localDescription?.sdp ?? "")?.[1], POLL)
        .not.toBe(ufrag);
      expect(configured.map(({ iceServers }) => iceServers)).toEqual([withTurn.iceServers]);
      await Promise.all([connected(polite), connected(impolite)]);
      expect(impolite.remoteKinds()).toEqual(["audio", "video"]);
      expect([...polite.errors, ...impolite.errors]).toEqual([]);
    },
    TIMEOUT,
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

  it(
    "answers an offer before telling of the other side's stream, whose tile would hold the answer up, and tells of it once",
    async () => {
      const answering: string[] = [];
      const callerStreams: number[] = [];
      const links: { caller?: PeerLink; called?: PeerLink } = {};
      const relay = (to: "caller" | "called") =>
        deliverLater(
          (payload: unknown) => v.parse(signalPayloadSchema, payload),
          (delivered) => links[to]?.handleSignal(delivered),
        );
      const toCaller = relay("caller");
      const link = (role: "caller" | "called"): PeerLink =>
        new PeerLink({
          polite: role === "caller",
          ice: NO_ICE,
          localStream: camera(),
          sendSignal:
            role === "caller"
              ? relay("called")
              : (payload) => {
                  if (payload.kind === "description") answering.push(payload.description.type);
                  toCaller(payload);
                },
          onRemoteStream: (stream) => {
            if (role === "called") answering.push(`stream of ${stream.getTracks().length}`);
            else callerStreams.push(stream.getTracks().length);
          },
          onStatusChange: () => {},
          createPeerConnection,
        });
      links.caller = link("caller");
      links.called = link("called");
      cleanups.push(
        () => links.caller?.close(),
        () => links.called?.close(),
      );
      links.caller.start();
      await expect.poll(() => links.called?.pc.connectionState, POLL).toBe("connected");
      // Told once, after the answer went out, with both of the caller's tracks in it.
      expect(answering).toEqual(["answer", "stream of 2"]);
      // The caller hears of the stream once the answer is applied, with both tracks, and once only.
      await expect.poll(() => callerStreams, POLL).toEqual([2]);
      expect(links.called.pc.getSenders().filter((sender) => sender.track)).toHaveLength(2);
    },
    TIMEOUT,
  );

  it("reports a line that cannot be set up as the link's error, not as an exception in whoever dialled", async () => {
    const errors: unknown[] = [];
    const link = new PeerLink({
      polite: true,
      ice: NO_ICE,
      localStream: camera(),
      sendSignal: () => {},
      onRemoteStream: () => {},
      onStatusChange: () => {},
      onError: (error) => errors.push(error),
      createPeerConnection: (config) => {
        const pc = createPeerConnection(config);
        pc.addTrack = () => {
          throw new DOMException("A sender already exists for the track.", "InvalidAccessError");
        };
        return pc;
      },
    });
    cleanups.push(() => link.close());
    expect(() => link.start()).not.toThrow();
    await expect.poll(() => errors.length, POLL).toBe(1);
  });

  it("closes its peer connection, and a second close is harmless", () => {
    const { polite } = pair({ polite: null, impolite: null });
    polite.link.close();
    expect(() => polite.link.close()).not.toThrow();
    expect(polite.link.pc.signalingState).toBe("closed");
    expect(polite.link.pc.connectionState).toBe("closed");
  });

  describe("held from a pre-join screen", () => {
    const heldCall = () => {
      const black = screen().getVideoTracks()[0] ?? null;
      const streams = { polite: camera(), impolite: camera() };
      const sides = pair(streams, undefined, undefined, { holdMedia: true, heldVideo: () => black });
      sides.polite.link.start();
      return { ...sides, black, streams };
    };

    it(
      "sends only the black frames until released, then the camera and microphone in their place",
      async () => {
        const { polite, impolite, black, streams } = heldCall();
        await Promise.all([connected(polite), connected(impolite)]);
        for (const side of [polite, impolite]) {
          await expect.poll(() => sentTrack(side.link, "video"), POLL).toBe(black);
          expect(sentTrack(side.link, "audio")).toBeNull();
        }
        await polite.link.releaseMedia();
        expect(sentTrack(polite.link, "video")).toBe(streams.polite.getVideoTracks()[0]);
        expect(sentTrack(polite.link, "audio")).toBe(streams.polite.getAudioTracks()[0]);
        expect(sentTrack(impolite.link, "video")).toBe(black);
        expect([...polite.errors, ...impolite.errors]).toEqual([]);
      },
      TIMEOUT,
    );

    it(
      "sends no black frames without a live camera, and none go on into the call if the camera is lost",
      async () => {
        const { polite, impolite, black, streams } = heldCall();
        streams.impolite.getVideoTracks()[0]?.stop();
        await Promise.all([connected(polite), connected(impolite)]);
        await expect.poll(() => sentTrack(polite.link, "video"), POLL).toBe(black);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        expect(sentTrack(impolite.link, "video")).toBeNull();
        streams.polite.getVideoTracks()[0]?.stop();
        await polite.link.releaseMedia();
        expect(sentTrack(polite.link, "video")).toBeNull();
        expect(sentTrack(polite.link, "audio")).toBe(streams.polite.getAudioTracks()[0]);
      },
      TIMEOUT,
    );
  });
});
