import { describe, expect, it } from "vitest";
import {
  MAX_FRAME_BYTES,
  parseClientMessage,
  parseServerMessage,
  PROTOCOL_VERSION,
} from "../../lib/protocol";

const join = (name: unknown) => JSON.stringify({ type: "join", version: PROTOCOL_VERSION, name });

describe("client messages", () => {
  it("accepts a join and trims the name", () => {
    expect(parseClientMessage(join("  Ada  "))).toEqual({
      ok: true,
      message: { type: "join", version: PROTOCOL_VERSION, name: "Ada" },
    });
  });

  it("strips a forged sender from a signal", () => {
    const frame = JSON.stringify({
      type: "signal",
      to: "b",
      from: "someone-else",
      payload: {
        kind: "candidate",
        candidate: { candidate: "candidate:1 1 udp 1 127.0.0.1 9 typ host", sdpMid: "0" },
      },
    });
    const parsed = parseClientMessage(frame);
    expect(parsed.ok && "from" in parsed.message).toBe(false);
    expect(parsed.ok).toBe(true);
  });

  it.each([
    ["not JSON", "{"],
    ["an unknown type", JSON.stringify({ type: "dance" })],
    ["an empty name", join("   ")],
    ["a too long name", join("x".repeat(41))],
    ["a control character", join("Ada\u0007")],
    ["a wrong type of field", JSON.stringify({ type: "join", version: "1", name: "Ada" })],
    [
      "a description without SDP",
      JSON.stringify({ type: "signal", to: "b", payload: { kind: "description" } }),
    ],
  ])("rejects %s as an invalid message", (_, frame) => {
    expect(parseClientMessage(frame)).toMatchObject({ ok: false, code: "invalid-message" });
  });

  it("rejects frames that are not text", () => {
    expect(parseClientMessage(new ArrayBuffer(8))).toMatchObject({ ok: false, code: "invalid-message" });
  });

  it("measures the size limit in UTF-8 bytes", () => {
    const wide = join("é".repeat(MAX_FRAME_BYTES / 2));
    expect(wide.length).toBeLessThan(MAX_FRAME_BYTES + 100);
    expect(parseClientMessage(wide)).toMatchObject({ ok: false, code: "frame-too-large" });
    expect(parseClientMessage(" ".repeat(MAX_FRAME_BYTES + 1))).toMatchObject({ code: "frame-too-large" });
  });
});

describe("server messages", () => {
  it("accepts a roster and refuses one with a malformed participant", () => {
    const roster = { type: "roster", capacity: 6, participants: [{ id: "a", name: "Ada", joinOrder: 0 }] };
    expect(parseServerMessage(JSON.stringify(roster)).ok).toBe(true);
    const broken = { ...roster, participants: [{ id: "a", name: "Ada", joinOrder: -1 }] };
    expect(parseServerMessage(JSON.stringify(broken)).ok).toBe(false);
  });
});
