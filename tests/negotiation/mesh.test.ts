/**
 * Meshes with real peer connections (libwebrtc for Node), wired to each other through an asynchronous
 * JSON channel checked by the wire protocol, as the room server would carry their signals.
 */
import { describe, expect, it } from "vitest";
import * as v from "valibot";
import { clientMessageSchema } from "@/lib/client-messages";
import type { LinkSignal, Participant } from "@/lib/protocol";
import { LOST_CALL_WAIT_MS, Mesh } from "@/lib/rtc/mesh";
import type { LinkStatus } from "@/lib/rtc/peer-link";
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

const everyone: Participant[] = [0, 1, 2].map((n) => ({ id: `p${n}`, name: `P${n}`, joinOrder: n }));
const participant = (n: number): Participant => {
  const found = everyone[n];
  if (!found) throw new Error(`No participant ${n}`);
  return found;
};

type Relay = (from: string, to: string, signal: LinkSignal) => void;

/** What the room server relays, as the receiving mesh gets it: checked by the protocol's schema. */
function parseSignal(json: unknown): LinkSignal {
  const message = v.parse(clientMessageSchema, json);
  if (message.type !== "signal") throw new Error(`Not a signal: ${message.type}`);
  const { fromLink, toLink, payload } = message;
  return { fromLink, ...(toLink !== undefined && { toLink }), payload };
}

/** Meshes by participant id, wired to each other; `cut` loses every signal to or from them. */
function network() {
  const meshes = new Map<string, ReturnType<typeof meshFor>>();
  const cut = new Set<string>();
  const relay: Relay = (from, to, signal) => {
    if (cut.has(from) || cut.has(to)) return;
    deliverLater(
      (json) => parseSignal({ type: "signal", to, ...(json as LinkSignal) }),
      (delivered) => meshes.get(to)?.mesh.handleSignal(from, delivered),
    )(signal);
  };
  const side = (id: string) => {
    const found = meshes.get(id);
    if (!found) throw new Error(`No mesh for ${id}`);
    return found;
  };
  return { meshes, cut, relay, side };
}

function meshFor(
  self: Participant | null,
  {
    localStream,
    relay,
    connectDeadlineMs,
    answerTimeoutsMs,
    visitorId = "joining",
  }: {
    localStream?: MediaStream;
    relay?: Relay;
    connectDeadlineMs?: number;
    answerTimeoutsMs?: number[];
    visitorId?: string;
  } = {},
) {
  const sent: { to: string; signal: LinkSignal }[] = [];
  const remote = new Map<string, MediaStream>();
  const held = new Map<string, MediaStream>();
  const screens = new Map<string, MediaStream | null>();
  const states = new Map<string, { status: LinkStatus; retryAt: number | null }>();
  const errors: unknown[] = [];
  const mesh = new Mesh({
    self,
    ice: NO_ICE,
    localStream: localStream ?? null,
    sendSignal: (to, signal) => {
      sent.push({ to, signal });
      // Until the join, the server stamps the id it gave the page's early calls (or none reach anyone).
      relay?.(self?.id ?? visitorId, to, signal);
    },
    onRemoteStream: (peerId, stream) => remote.set(peerId, stream),
    onHeldStream: (peerId, stream) => held.set(peerId, stream),
    onRemoteScreen: (peerId, stream) => screens.set(peerId, stream),
    onLinkStatus: (peerId, status, retryAt) => states.set(peerId, { status, retryAt }),
    onLinkError: (_peerId, error) => errors.push(error),
    createPeerConnection,
    connectDeadlineMs,
    answerTimeoutsMs,
  });
  cleanups.push(() => mesh.close());
  const descriptionsTo = (to: string) =>
    sent.flatMap(({ to: target, signal: { payload } }) =>
      target === to && payload.kind === "description" ? [payload.description.type] : [],
    );
  const resetsTo = (to: string) => sent.filter((s) => s.to === to && s.signal.payload.kind === "reset");
  const status = (peerId: string) => states.get(peerId)?.status;
  const kindsIn = (stream: MediaStream | undefined) => (stream?.getTracks().map((t) => t.kind) ?? []).sort();
  const remoteKinds = (peerId: string) => kindsIn(remote.get(peerId));
  /** What a call connected ahead brought, told to the page to get a player ready, not to show. */
  const heldKinds = (peerId: string) => kindsIn(held.get(peerId));
  const hasScreenFrom = (peerId: string) => Boolean(screens.get(peerId));
  return {
    mesh,
    sent,
    states,
    status,
    errors,
    descriptionsTo,
    resetsTo,
    remoteKinds,
    heldKinds,
    remote,
    held,
    hasScreenFrom,
  };
}

const isOffer = ({ payload }: LinkSignal) =>
  payload.kind === "description" && payload.description.type === "offer";

/** A description with no candidate in it: they go, or do not, on their own. */
function withoutCandidates(signal: LinkSignal): LinkSignal {
  const { payload } = signal;
  if (payload.kind !== "description") return signal;
  const sdp = payload.description.sdp.replace(/a=(candidate|end-of-candidates).*\r\n/g, "");
  return { ...signal, payload: { ...payload, description: { ...payload.description, sdp } } };
}

/** An offer for audio and video from a connection outside any mesh, as another participant would send. */
async function foreignOffer(fromLink = "foreign-link-1"): Promise<LinkSignal> {
  const pc = createPeerConnection({});
  pc.addTransceiver("audio");
  pc.addTransceiver("video");
  await pc.setLocalDescription();
  const sdp = pc.localDescription?.sdp ?? "";
  return { fromLink, payload: { kind: "description", description: { type: "offer", sdp }, seq: 1 } };
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
      // A colliding offer from p0 (its reply to ours, naming our connection): the polite side yields and answers it.
      expect(newest.mesh.link("p0")?.pc.signalingState).toBe("have-local-offer");
      const offer = await foreignOffer();
      newest.mesh.handleSignal("p0", { ...offer, toLink: newest.mesh.link("p0")!.id });
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
    "says a later joiner is unreachable when their call never comes, with when it asks again, and asks them",
    async () => {
      const first = meshFor(participant(0), { connectDeadlineMs: 300 });
      first.mesh.syncRoster(everyone);
      first.mesh.handleSignal("p2", await foreignOffer());
      await expect.poll(() => first.status("p1"), POLL).toBe("unreachable");
      expect(first.states.get("p1")?.retryAt).toBeGreaterThan(Date.now());
      expect(first.mesh.link("p1")).toBeUndefined();
      // Asked to dial again: a reset naming no connection, as this side has none.
      expect(first.resetsTo("p1")[0]?.signal.toLink).toBeUndefined();
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
      // The answer names the connection it answers.
      expect(first.sent.find((s) => s.signal.payload.kind === "description")?.signal.toLink).toBe(
        offer.fromLink,
      );
    },
    TIMEOUT,
  );

  it(
    "answers a signal meant for a connection it no longer has with a reset, and applies it to none",
    async () => {
      const first = meshFor(participant(0));
      first.mesh.syncRoster(everyone);
      const offer = await foreignOffer("their-link-1");
      first.mesh.handleSignal("p2", { ...offer, toLink: "gone-link-1" });
      expect(first.mesh.peerIds).toEqual([]);
      expect(first.resetsTo("p2").map((s) => s.signal.toLink)).toEqual(["their-link-1"]);

      // An answer or candidates with no call to belong to are refused the same way.
      first.mesh.handleSignal("p2", {
        fromLink: "their-link-2",
        payload: { kind: "candidate", candidate: { candidate: "" } },
      });
      expect(first.resetsTo("p2").map((s) => s.signal.toLink)).toEqual(["their-link-1", "their-link-2"]);
      expect(first.mesh.peerIds).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "dials afresh, on a new peer connection, when the other side resets the one it has",
    async () => {
      const newest = meshFor(participant(2), { localStream: camera() });
      newest.mesh.syncRoster(everyone);
      const before = newest.mesh.link("p0")!;
      await expect.poll(() => newest.descriptionsTo("p0"), POLL).toEqual(["offer"]);
      // A reset naming a connection other than ours is old news.
      newest.mesh.handleSignal("p0", {
        fromLink: "their-link-1",
        toLink: "not-ours-123",
        payload: { kind: "reset" },
      });
      expect(newest.mesh.link("p0")).toBe(before);

      newest.mesh.handleSignal("p0", {
        fromLink: "their-link-1",
        toLink: before.id,
        payload: { kind: "reset" },
      });
      const after = newest.mesh.link("p0");
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
      expect(after?.id).not.toBe(before.id);
      expect(before.pc.signalingState).toBe("closed");
      await expect.poll(() => newest.descriptionsTo("p0"), POLL).toEqual(["offer", "offer"]);
    },
    TIMEOUT,
  );

  it(
    "redials with a new peer connection when a call does not connect in time, and connects once signals get through",
    async () => {
      const { meshes, cut, relay, side } = network();
      for (const self of everyone.slice(0, 2)) {
        meshes.set(self.id, meshFor(self, { localStream: camera(), relay, connectDeadlineMs: 400 }));
      }
      // Everything p1 sends is lost at first: its call to p0 cannot get through.
      cut.add("p1");
      for (const { mesh } of meshes.values()) mesh.syncRoster(everyone.slice(0, 2));
      const firstLink = side("p1").mesh.link("p0");
      await expect.poll(() => side("p1").status("p0"), POLL).toBe("unreachable");
      expect(side("p1").mesh.link("p0")).not.toBe(firstLink);

      cut.delete("p1");
      await expect
        .poll(() => [side("p0").status("p1"), side("p1").status("p0")], { ...POLL, timeout: 14_000 })
        .toEqual(["connected", "connected"]);
      expect(side("p0").remoteKinds("p1")).toEqual(["audio", "video"]);
      expect(side("p1").states.get("p0")?.retryAt).toBeNull();
    },
    TIMEOUT,
  );

  it(
    "tells the person called that the call is not getting through when the caller is told, though the caller's deadline ran out first",
    async () => {
      const deadline = 1500;
      const { meshes, relay, side } = network();
      // No candidate gets through, in a description or on its own, so no connection can form; the
      // first offer is held up on the way, so the caller's deadline runs out before that of the person
      // it called, and it calls again.
      let heldFirstOffer = false;
      const lossyRelay: Relay = (from, to, signal) => {
        if (signal.payload.kind === "candidate") return;
        const stripped = withoutCandidates(signal);
        if (heldFirstOffer || stripped.payload.kind !== "description") return relay(from, to, stripped);
        heldFirstOffer = true;
        setTimeout(() => relay(from, to, stripped), 400);
      };
      const unreachableAt = new Map<string, number>();
      for (const self of everyone.slice(0, 2)) {
        const sideOf = meshFor(self, {
          localStream: camera(),
          relay: lossyRelay,
          connectDeadlineMs: deadline,
        });
        meshes.set(self.id, sideOf);
      }
      const started = Date.now();
      for (const { mesh } of meshes.values()) mesh.syncRoster(everyone.slice(0, 2));
      await expect
        .poll(
          () => {
            for (const [id, other] of [
              ["p0", "p1"],
              ["p1", "p0"],
            ] as const) {
              if (side(id).status(other) === "unreachable" && !unreachableAt.has(id))
                unreachableAt.set(id, Date.now() - started);
            }
            return unreachableAt.size;
          },
          { timeout: 3 * deadline, interval: 20 },
        )
        .toBe(2);
      const [called, caller] = [unreachableAt.get("p0") ?? 0, unreachableAt.get("p1") ?? 0];
      // Told within the held-up offer's delay of each other, not a whole deadline apart.
      expect(called - caller).toBeLessThan(deadline / 2);
      // The person called did not cut short the caller's new try with a reset.
      expect(side("p0").resetsTo("p1")).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "asks someone who joined while this side's signaling was cut off to call again once it is back, rather than wait for their retry",
    async () => {
      const { meshes, cut, relay, side } = network();
      for (const self of everyone) {
        // The newcomer would send its offer again only after 10 s: longer than this test waits.
        meshes.set(self.id, meshFor(self, { localStream: camera(), relay, answerTimeoutsMs: [10_000] }));
      }
      side("p0").mesh.syncRoster(everyone.slice(0, 2));
      side("p1").mesh.syncRoster(everyone.slice(0, 2));
      await expect.poll(() => side("p0").status("p1"), POLL).toBe("connected");

      // p0's connection dies unnoticed: p2 joins, and its call to p0 is lost on the way.
      cut.add("p0");
      side("p1").mesh.syncRoster(everyone);
      side("p2").mesh.syncRoster(everyone);
      await expect.poll(() => side("p2").status("p1"), POLL).toBe("connected");
      // Every candidate of that call is lost too: none comes late to tell p0 of a call it lacks.
      await expect.poll(() => side("p2").mesh.link("p0")?.pc.iceGatheringState, POLL).toBe("complete");
      expect(side("p2").descriptionsTo("p0")).toEqual(["offer"]);

      // Back: the session recovers, then the roster that follows brings p2.
      cut.delete("p0");
      const back = Date.now();
      side("p0").mesh.recoverNegotiations();
      side("p0").mesh.syncRoster(everyone);
      await expect
        .poll(() => [side("p0").status("p2"), side("p2").status("p0")], { timeout: 5000, interval: 50 })
        .toEqual(["connected", "connected"]);
      expect(Date.now() - back).toBeGreaterThanOrEqual(LOST_CALL_WAIT_MS);
      expect(side("p0").remoteKinds("p2")).toEqual(["audio", "video"]);
      // Only the call that never came is asked for: the one to p1 carried on.
      expect(side("p0").resetsTo("p2")).toHaveLength(1);
      expect(side("p0").resetsTo("p1")).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "gives a slow call that is getting there the rest of its deadline, rather than calling again",
    async () => {
      const deadline = 1500;
      const { meshes, relay, side } = network();
      // A busy machine: the offer takes most of the caller's deadline to be answered, and no path can
      // be found until well past that deadline (every candidate is held until then).
      const started = Date.now();
      const slowRelay: Relay = (from, to, signal) => {
        const stripped = withoutCandidates(signal);
        const { payload } = stripped;
        const releaseAt =
          payload.kind === "candidate" ? started + 2100 : isOffer(stripped) ? Date.now() + 1100 : Date.now();
        setTimeout(() => relay(from, to, stripped), releaseAt - Date.now());
      };
      for (const self of everyone.slice(0, 2)) {
        meshes.set(
          self.id,
          meshFor(self, { localStream: camera(), relay: slowRelay, connectDeadlineMs: deadline }),
        );
      }
      for (const { mesh } of meshes.values()) mesh.syncRoster(everyone.slice(0, 2));
      const firstCall = side("p1").mesh.link("p0");
      await expect
        .poll(() => [side("p0").status("p1"), side("p1").status("p0")], POLL)
        .toEqual(["connected", "connected"]);
      // Connected past the caller's first deadline, on the first call, neither side having given up.
      expect(Date.now() - started).toBeGreaterThan(deadline);
      expect(side("p1").mesh.link("p0")).toBe(firstCall);
      expect([side("p0").resetsTo("p1"), side("p1").resetsTo("p0")]).toEqual([[], []]);
      expect(side("p1").remoteKinds("p0")).toEqual(["audio", "video"]);
    },
    TIMEOUT,
  );

  it(
    "still calls afresh a call that keeps taking steps but never connects, at twice its deadline",
    async () => {
      const deadline = 1000;
      const { meshes, relay, side } = network();
      // No path ever: candidates never arrive. The caller's offers take 900 ms to be answered, just
      // under its deadline; then, just under the stretched deadline, the other side offers a screen.
      const started = Date.now();
      const slowRelay: Relay = (from, to, signal) => {
        if (signal.payload.kind === "candidate") return;
        const stripped = withoutCandidates(signal);
        setTimeout(() => relay(from, to, stripped), from === "p1" && isOffer(stripped) ? 900 : 0);
      };
      meshes.set("p0", meshFor(participant(0), { relay: slowRelay, connectDeadlineMs: 10 * deadline }));
      meshes.set(
        "p1",
        meshFor(participant(1), { localStream: camera(), relay: slowRelay, connectDeadlineMs: deadline }),
      );
      for (const { mesh } of meshes.values()) mesh.syncRoster(everyone.slice(0, 2));
      const firstCall = side("p1").mesh.link("p0")!;
      await new Promise((resolve) => setTimeout(resolve, started + 1800 - Date.now()));
      expect(side("p1").mesh.link("p0")).toBe(firstCall);
      side("p0").mesh.setScreen(screen());
      // The caller answers it on the same call: a step, as an answer to its own offer was.
      await expect
        .poll(() => side("p1").descriptionsTo("p0"), { timeout: 150, interval: 5 })
        .toContain("answer");
      expect(side("p1").mesh.link("p0")).toBe(firstCall);
      // Past twice the deadline from the call's start (2000 ms), not a deadline from its last step.
      await expect
        .poll(() => side("p1").mesh.link("p0") !== firstCall, {
          timeout: started + 2400 - Date.now(),
          interval: 20,
        })
        .toBe(true);
      expect(side("p1").status("p0")).toBe("unreachable");
    },
    TIMEOUT,
  );

  it(
    "calls someone back afresh when they come back from a reload, and they connect again",
    async () => {
      const { meshes, relay, side } = network();
      for (const self of everyone.slice(0, 2)) {
        meshes.set(self.id, meshFor({ ...self, instance: "page-one" }, { localStream: camera(), relay }));
      }
      const roster = (p0Instance: string) => [
        { ...participant(0), instance: p0Instance },
        { ...participant(1), instance: "page-one" },
      ];
      for (const { mesh } of meshes.values()) mesh.syncRoster(roster("page-one"));
      await expect.poll(() => side("p1").status("p0"), POLL).toBe("connected");
      const before = side("p1").mesh.link("p0");

      // p0 reloads: a new page, a new mesh, in the roster with a new instance.
      side("p0").mesh.close();
      meshes.set(
        "p0",
        meshFor({ ...participant(0), instance: "page-two" }, { localStream: camera(), relay }),
      );
      for (const { mesh } of meshes.values()) mesh.syncRoster(roster("page-two"));
      expect(side("p1").mesh.link("p0")).not.toBe(before);
      await expect
        .poll(() => [side("p0").status("p1"), side("p1").status("p0")], POLL)
        .toEqual(["connected", "connected"]);
      expect(side("p0").remoteKinds("p1")).toEqual(["audio", "video"]);
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
    newest.mesh.handleSignal("p0", {
      fromLink: "their-link-1",
      payload: { kind: "candidate", candidate: { candidate: "" } },
    });
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
      const { meshes, relay, side } = network();
      const join = (self: Participant) => {
        meshes.set(self.id, meshFor(self, { localStream: camera(), relay }));
        const present = everyone.slice(0, self.joinOrder + 1);
        for (const { mesh } of meshes.values()) mesh.syncRoster(present);
      };
      join(participant(0));
      join(participant(1));
      await expect.poll(() => side("p0").status("p1"), POLL).toBe("connected");

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
      const { meshes, relay } = network();
      for (const self of everyone) meshes.set(self.id, meshFor(self, { localStream: camera(), relay }));
      for (const { mesh } of meshes.values()) mesh.syncRoster(everyone);
      for (const self of everyone) {
        const side = meshes.get(self.id);
        const others = everyone.filter((p) => p.id !== self.id).map((p) => p.id);
        await expect
          .poll(() => others.map((id) => side?.status(id)), POLL)
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

describe("Mesh calls made from the pre-join screen", () => {
  const visiting = { id: "p1", instance: "bea-page-0001" };
  const bea: Participant = { id: "p1", name: "Bea", joinOrder: 1, instance: "bea-page-0001" };
  /** The kinds of track a link sends now: none at all while media is held. */
  const sending = (side: ReturnType<typeof meshFor>, peerId: string) =>
    (side.mesh.link(peerId)?.pc.getSenders() ?? []).flatMap((s) => (s.track ? [s.track.kind] : [])).sort();

  /** Ada in the meeting; Bea on her pre-join screen, connecting ahead as p1. */
  async function connectedAhead() {
    const { meshes, relay } = network();
    const ada = meshFor(participant(0), { localStream: camera(), relay });
    const guest = meshFor(null, { localStream: camera(), relay, visitorId: visiting.id });
    meshes.set("p0", ada);
    meshes.set("p1", guest);
    ada.mesh.syncRoster([participant(0)], [visiting]);
    guest.mesh.syncRoster([participant(0)]);
    await expect
      .poll(() => [ada.mesh.link("p1")?.connected, guest.mesh.link("p0")?.connected], POLL)
      .toEqual([true, true]);
    return { ada, guest };
  }

  it(
    "connects before the join with nothing sent either way, then sends both ways on the same connection",
    async () => {
      const { ada, guest } = await connectedAhead();
      expect([sending(ada, "p1"), sending(guest, "p0")]).toEqual([[], []]);
      // Neither page is given the other's stream to show, and Ada's is not told of a call: Bea is not
      // in yet. Each may get a player ready for it.
      expect([ada.remoteKinds("p1"), guest.remoteKinds("p0")]).toEqual([[], []]);
      await expect
        .poll(() => [ada.heldKinds("p1"), guest.heldKinds("p0")], POLL)
        .toEqual([
          ["audio", "video"],
          ["audio", "video"],
        ]);
      expect(ada.status("p1")).toBeUndefined();
      expect(ada.mesh.peerIds).toEqual([]);
      const links = [ada.mesh.link("p1"), guest.mesh.link("p0")];
      const offers = guest.descriptionsTo("p0").length;

      guest.mesh.setSelf(bea);
      ada.mesh.syncRoster([participant(0), bea]);
      await expect
        .poll(() => [sending(ada, "p1"), sending(guest, "p0")], POLL)
        .toEqual([
          ["audio", "video"],
          ["audio", "video"],
        ]);
      expect(ada.mesh.link("p1")).toBe(links[0]);
      expect(guest.mesh.link("p0")).toBe(links[1]);
      // No negotiation was needed for it.
      expect(guest.descriptionsTo("p0")).toHaveLength(offers);
      expect(ada.descriptionsTo("p1")).toEqual(["answer"]);
      // Ada's page is told as her roster changes, Bea's as her join is confirmed: not at the same moment.
      await expect
        .poll(() => [ada.remoteKinds("p1"), guest.remoteKinds("p0")], POLL)
        .toEqual([
          ["audio", "video"],
          ["audio", "video"],
        ]);
      // The streams shown are the ones the players were made for.
      expect([ada.remote.get("p1"), guest.remote.get("p0")]).toEqual([
        ada.held.get("p1"),
        guest.held.get("p0"),
      ]);
      expect(ada.status("p1")).toBe("connected");
      expect(ada.mesh.peerIds).toEqual(["p1"]);
      expect([...ada.errors, ...guest.errors]).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "shows the joiner what it receives from the press on, while the other side sends only once it has them in",
    async () => {
      const { ada, guest } = await connectedAhead();
      guest.mesh.startSending();
      expect(guest.remoteKinds("p0")).toEqual(["audio", "video"]);
      await expect.poll(() => sending(guest, "p0"), POLL).toEqual(["audio", "video"]);
      // Ada's roster does not have Bea yet: nothing of hers goes out, and her page shows no call.
      expect(sending(ada, "p1")).toEqual([]);
      expect(ada.remoteKinds("p1")).toEqual([]);
      expect(ada.status("p1")).toBeUndefined();
    },
    TIMEOUT,
  );

  it(
    "takes no file channel from a visitor, and hangs up once they are no longer visiting",
    async () => {
      const { ada, guest } = await connectedAhead();
      const channel = guest.mesh.openDataChannel("p0", "file");
      await expect.poll(() => channel?.readyState, POLL).toBe("closed");

      ada.mesh.syncRoster([participant(0)], []);
      expect(ada.mesh.link("p1")).toBeUndefined();
      await expect.poll(() => guest.mesh.link("p0")?.connected, POLL).toBe(false);
    },
    TIMEOUT,
  );
});
