/**
 * Files in a meeting on the SFU: data-only connections made on demand, with real peer connections
 * (libwebrtc for Node), signals carried through the wire protocol's schema as the room server would.
 */
import { describe, expect, it } from "vitest";
import * as v from "valibot";
import { clientMessageSchema } from "@/lib/client-messages";
import type { LinkSignal, Participant } from "@/lib/protocol";
import { DATA_LINK_PREFIX, isDataSignal } from "@/lib/rtc/data-links";
import { DataMesh } from "@/lib/rtc/data-mesh";
import { Mesh } from "@/lib/rtc/mesh";
import { createPeerConnection, deliverLater, NO_ICE, POLL, withRealPeerConnections } from "../support/wrtc";

withRealPeerConnections();

const everyone: Participant[] = [0, 1, 2].map((n) => ({ id: `d${n}`, name: `D${n}`, joinOrder: n }));

function parseSignal(json: unknown): LinkSignal {
  const message = v.parse(clientMessageSchema, json);
  if (message.type !== "signal") throw new Error(`Not a signal: ${message.type}`);
  const { fromLink, toLink, payload } = message;
  return { fromLink, ...(toLink !== undefined && { toLink }), payload };
}

/** One DataMesh per participant, their signals relayed to each other; what each made and received. */
function meeting(participants: Participant[]) {
  const sides = new Map<
    string,
    { files: DataMesh; connections: RTCPeerConnection[]; received: Map<string, string[]>; sent: LinkSignal[] }
  >();
  for (const self of participants) {
    const connections: RTCPeerConnection[] = [];
    const received = new Map<string, string[]>();
    const sent: LinkSignal[] = [];
    const files = new DataMesh({
      self,
      ice: NO_ICE,
      sendSignal: (to, signal) => {
        sent.push(signal);
        deliverLater(
          (json) => parseSignal({ type: "signal", to, ...(json as LinkSignal) }),
          (delivered) => sides.get(to)?.files.handleSignal(self.id, delivered),
        )(signal);
      },
      onDataChannel: (peerId, channel) =>
        channel.addEventListener("message", (event: MessageEvent) =>
          received.set(peerId, [...(received.get(peerId) ?? []), String(event.data)]),
        ),
      createPeerConnection: (config) => {
        const pc = createPeerConnection(config);
        connections.push(pc);
        return pc;
      },
    });
    files.syncRoster(participants);
    sides.set(self.id, { files, connections, received, sent });
  }
  const side = (id: string) => {
    const found = sides.get(id);
    if (!found) throw new Error(`No side ${id}`);
    return found;
  };
  return { side, close: () => sides.forEach(({ files }) => files.close()) };
}

function sendWhenOpen(channel: RTCDataChannel | null, text: string): void {
  if (!channel) throw new Error("No channel.");
  if (channel.readyState === "open") channel.send(text);
  else channel.addEventListener("open", () => channel.send(text), { once: true });
}

const connected = (pcs: RTCPeerConnection[]) => pcs.filter((pc) => pc.connectionState === "connected").length;

describe("data-only connections for files, made when needed", () => {
  it("connects the two people a file is for, whichever joined first, and nobody else", async () => {
    const { side, close } = meeting(everyone);
    try {
      // The earliest joiner, who in the mesh would wait to be called, sends first.
      sendWhenOpen(side("d0").files.openDataChannel("d2", "file"), "to d2 from d0");
      await expect.poll(() => side("d2").received.get("d0"), POLL).toEqual(["to d2 from d0"]);
      // And the other way, over the same connection.
      sendWhenOpen(side("d2").files.openDataChannel("d0", "file"), "to d0 from d2");
      await expect.poll(() => side("d0").received.get("d2"), POLL).toEqual(["to d0 from d2"]);
      expect(connected(side("d0").connections)).toBe(1);
      expect(connected(side("d2").connections)).toBe(1);
      expect(side("d1").connections).toHaveLength(0);
      expect(side("d0").sent.every((signal) => signal.fromLink.startsWith(DATA_LINK_PREFIX))).toBe(true);
    } finally {
      close();
    }
  });

  it("gets files through both ways when two people send to each other at the same moment", async () => {
    const { side, close } = meeting(everyone);
    try {
      sendWhenOpen(side("d0").files.openDataChannel("d1", "file"), "from d0");
      sendWhenOpen(side("d1").files.openDataChannel("d0", "file"), "from d1");
      await expect.poll(() => side("d1").received.get("d0"), POLL).toEqual(["from d0"]);
      await expect.poll(() => side("d0").received.get("d1"), POLL).toEqual(["from d1"]);
      expect(connected(side("d0").connections)).toBe(1);
      expect(connected(side("d1").connections)).toBe(1);
    } finally {
      close();
    }
  });

  it("opens nothing for someone not in the meeting, by a call or a signal", () => {
    const { side, close } = meeting(everyone.slice(0, 2));
    try {
      expect(side("d0").files.openDataChannel("stranger", "file")).toBeNull();
      side("d0").files.handleSignal("stranger", {
        fromLink: `${DATA_LINK_PREFIX}abcdefgh`,
        payload: { kind: "reset" },
      });
      side("d0").files.handleSignal("d1", {
        fromLink: `${DATA_LINK_PREFIX}abcdefgh`,
        toLink: "never-had-this",
        payload: { kind: "reset" },
      });
      expect(side("d0").connections).toHaveLength(0);
    } finally {
      close();
    }
  });

  it("names even a reset it sends with no connection of its own as a data link's, so it is not lost", async () => {
    const sent: LinkSignal[] = [];
    // The earlier joiner waits to be called; its short deadline passes and it asks to be called again.
    const mesh = new Mesh({
      self: everyone[0]!,
      ice: NO_ICE,
      localStream: null,
      linkIdPrefix: DATA_LINK_PREFIX,
      connectDeadlineMs: 20,
      sendSignal: (_to, signal) => sent.push(signal),
      onRemoteStream: () => {},
      onLinkStatus: () => {},
    });
    try {
      mesh.syncRoster(everyone.slice(0, 2));
      await expect.poll(() => sent.length, POLL).toBeGreaterThan(0);
      expect(sent[0]?.payload.kind).toBe("reset");
      expect(sent.every(isDataSignal)).toBe(true);
    } finally {
      mesh.close();
    }
  });
});
