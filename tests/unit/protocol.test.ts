import { describe, expect, it } from "vitest";
import { parseClientMessage } from "@/lib/client-messages";
import { MAX_FRAME_BYTES, MAX_NAME_LENGTH, parseServerMessage, PROTOCOL_VERSION } from "@/lib/protocol";

const frame = (message: unknown) => JSON.stringify(message);
const join = (name: unknown) => frame({ type: "join", version: PROTOCOL_VERSION, name });
const offer = { kind: "description", description: { type: "offer", sdp: "v=0\r\n" }, seq: 1 };
/** The peer connections a signal is between: the sender's, and (once known) the receiver's. */
const links = { fromLink: "a-link-0001", toLink: "b-link-0001" };
const candidate = {
  kind: "candidate",
  candidate: { candidate: "candidate:1 1 udp 1 127.0.0.1 9 typ host", sdpMid: "0", sdpMLineIndex: 0 },
};
const signal = (payload: unknown) => frame({ type: "signal", to: "b", ...links, payload });
const utf8Length = (text: string) => new TextEncoder().encode(text).byteLength;

describe("parseClientMessage accepts", () => {
  it.each([
    ["a join", { type: "join", version: PROTOCOL_VERSION, name: "Ada" }],
    [
      "a first offer, to a connection not known yet",
      { type: "signal", to: "b", fromLink: "a-link-0001", payload: offer },
    ],
    [
      "a signal with an answer",
      {
        type: "signal",
        to: "b",
        ...links,
        payload: { kind: "description", description: { type: "answer", sdp: "" }, seq: 1 },
      },
    ],
    ["a signal with a candidate", { type: "signal", to: "b", ...links, payload: candidate }],
    [
      "a view asking for a thumbnail",
      { type: "signal", to: "b", ...links, payload: { kind: "view", maxHeight: 180 } },
    ],
    [
      "a view asking for a pause",
      { type: "signal", to: "b", ...links, payload: { kind: "view", maxHeight: 0 } },
    ],
    ["a reset", { type: "signal", to: "b", ...links, payload: { kind: "reset" } }],
    ["a leave", { type: "leave" }],
  ])("%s", (_label, message) => {
    expect(parseClientMessage(frame(message))).toEqual({ ok: true, message });
  });

  it("trims the name of a join", () => {
    expect(parseClientMessage(join("  Ada Lovelace \n"))).toEqual({
      ok: true,
      message: { type: "join", version: PROTOCOL_VERSION, name: "Ada Lovelace" },
    });
  });

  it(`accepts a name of exactly ${MAX_NAME_LENGTH} characters`, () => {
    expect(parseClientMessage(join("x".repeat(MAX_NAME_LENGTH))).ok).toBe(true);
    // Length is counted in characters: forty emoji are forty characters, though eighty UTF-16 units.
    expect(parseClientMessage(join("🙂".repeat(MAX_NAME_LENGTH))).ok).toBe(true);
    expect(parseClientMessage(join("🙂".repeat(MAX_NAME_LENGTH + 1))).ok).toBe(false);
    expect(parseClientMessage(join("José 李"))).toMatchObject({ ok: true });
  });

  it("strips a forged sender and other unknown keys", () => {
    const parsed = parseClientMessage(
      frame({ type: "signal", to: "b", from: "someone-else", admin: true, ...links, payload: candidate }),
    );
    expect(parsed).toEqual({ ok: true, message: { type: "signal", to: "b", ...links, payload: candidate } });
    expect(parsed.ok && "from" in parsed.message).toBe(false);
  });
});

describe("parseClientMessage rejects as invalid-message", () => {
  it.each([
    ["an ArrayBuffer", new ArrayBuffer(8)],
    ["a Uint8Array", new TextEncoder().encode(join("Ada"))],
    ["an already parsed object", { type: "leave" }],
    ["null", null],
    ["a number", 42],
  ])("a frame that is %s rather than text", (_label, value) => {
    expect(parseClientMessage(value)).toMatchObject({ ok: false, code: "invalid-message" });
  });

  it.each([
    ["not JSON", "{"],
    ["empty", ""],
    ["JSON null", "null"],
    ["a JSON array", "[]"],
    ["a JSON string", '"leave"'],
    ["an unknown type", frame({ type: "dance" })],
    ["a message without a type", frame({ name: "Ada" })],
    ["a join without a version", frame({ type: "join", name: "Ada" })],
    ["a join without a name", frame({ type: "join", version: PROTOCOL_VERSION })],
    ["a version given as text", frame({ type: "join", version: "1", name: "Ada" })],
    ["a fractional version", frame({ type: "join", version: 1.5, name: "Ada" })],
    ["a name that is a number", join(7)],
    ["an empty name", join("")],
    ["a name of only whitespace", join("   \t ")],
    ["a name that is too long", join("x".repeat(MAX_NAME_LENGTH + 1))],
    ["a name with a bell character", join("Ada\u0007")],
    ["a name with a newline inside", join("Ada\nLovelace")],
    ["a name with a tab inside", join("Ada\tLovelace")],
    ["a name with a C1 control character", join("Ada\u0085x")],
    ["a name with a line separator inside", join("Ada\u2028Lovelace")],
    ["a name turned around by a right-to-left override", join("Ada\u202egnp.exe")],
    ["a name padded with a zero-width space", join("Ada\u200b")],
    ["a name of a Hangul filler", join("\u3164")],
    ["a name of a blank Braille pattern", join("\u2800\u2800")],
    ["a name hiding a soft hyphen", join("A\u00adda")],
    ["a name hiding an Arabic letter mark", join("Ada\u061c")],
    ["a name of combining marks only", join("\u0301\u0301")],
    ["a signal without a target", frame({ type: "signal", ...links, payload: offer })],
    ["a signal to an empty id", frame({ type: "signal", to: "", ...links, payload: offer })],
    ["a signal without a payload", frame({ type: "signal", to: "b", ...links })],
    ["a signal that names no connection of its sender", frame({ type: "signal", to: "b", payload: offer })],
    [
      "a signal naming a connection with a short id",
      frame({ type: "signal", to: "b", fromLink: "a", payload: offer }),
    ],
    [
      "a signal naming a connection with a character out of place",
      frame({ type: "signal", to: "b", fromLink: "a-link-0001", toLink: "b link 0001", payload: offer }),
    ],
    [
      "a description without its number",
      signal({ kind: "description", description: { type: "offer", sdp: "" } }),
    ],
    ["a description with a negative number", signal({ ...offer, seq: -1 })],
    ["a description without SDP", signal({ kind: "description", description: { type: "offer" } })],
    ["a rollback description", signal({ kind: "description", description: { type: "rollback", sdp: "" } })],
    ["an unknown payload kind", signal({ kind: "chat", text: "hi" })],
    ["a view with a negative height", signal({ kind: "view", maxHeight: -1 })],
    ["a view with a fractional height", signal({ kind: "view", maxHeight: 180.5 })],
    ["a view taller than any screen", signal({ kind: "view", maxHeight: 100_000 })],
    ["a view without a height", signal({ kind: "view" })],
    [
      "a candidate with a negative line index",
      signal({ ...candidate, candidate: { candidate: "c", sdpMLineIndex: -1 } }),
    ],
  ])("%s", (_label, text) => {
    expect(parseClientMessage(text)).toMatchObject({ ok: false, code: "invalid-message" });
  });

  it("says where the problem is", () => {
    const parsed = parseClientMessage(frame({ type: "join", version: "1", name: "Ada" }));
    expect(parsed.ok ? "" : parsed.reason).toContain("at version");
  });
});

describe("frame size limit", () => {
  it("refuses an ASCII frame over the limit before parsing it", () => {
    expect(parseClientMessage(" ".repeat(MAX_FRAME_BYTES + 1))).toMatchObject({
      ok: false,
      code: "frame-too-large",
    });
  });

  it("counts UTF-8 bytes, not characters", () => {
    // 25,000 euro signs: under the limit in characters and within the SDP cap, but 75,000 bytes.
    const wide = signal({ kind: "description", description: { type: "offer", sdp: "€".repeat(25_000) } });
    expect(wide.length).toBeLessThan(MAX_FRAME_BYTES);
    expect(utf8Length(wide)).toBeGreaterThan(MAX_FRAME_BYTES);
    expect(parseClientMessage(wide)).toMatchObject({ ok: false, code: "frame-too-large" });
    expect(parseServerMessage(wide)).toMatchObject({ ok: false, code: "frame-too-large" });
  });

  it("counts characters outside the basic plane as four bytes", () => {
    const emoji = join("😀".repeat(17_000));
    expect(emoji.length).toBeLessThan(MAX_FRAME_BYTES);
    expect(parseClientMessage(emoji)).toMatchObject({ ok: false, code: "frame-too-large" });
  });

  it("accepts a valid frame of exactly the limit and refuses one byte more", () => {
    const sdpFor = (bytes: number) => {
      const empty = signal({ ...offer, description: { type: "offer", sdp: "" } });
      const wide = "€".repeat(20_000);
      return wide + "a".repeat(bytes - utf8Length(empty) - utf8Length(wide));
    };
    const atLimit = signal({ ...offer, description: { type: "offer", sdp: sdpFor(MAX_FRAME_BYTES) } });
    const overLimit = signal({ ...offer, description: { type: "offer", sdp: sdpFor(MAX_FRAME_BYTES + 1) } });
    expect(utf8Length(atLimit)).toBe(MAX_FRAME_BYTES);
    expect(parseClientMessage(atLimit).ok).toBe(true);
    expect(parseClientMessage(overLimit)).toMatchObject({ ok: false, code: "frame-too-large" });
  });
});

describe("parseServerMessage", () => {
  const ada = { id: "a", name: "Ada", joinOrder: 0 };

  it.each([
    [
      "a roster",
      {
        type: "roster",
        participants: [ada, { id: "b", name: "Linus", joinOrder: 3 }],
        capacity: 6,
        locked: false,
        route: "mesh",
      },
    ],
    ["an empty roster", { type: "roster", participants: [], capacity: 2, locked: true, route: "sfu" }],
    [
      "a participant's SFU feeds",
      {
        type: "roster",
        participants: [{ ...ada, feeds: { camera: "a~0123456789ab", screen: "a~ba9876543210" } }],
        capacity: 50,
        locked: false,
        route: "sfu",
      },
    ],
    [
      "the way into the SFU",
      { type: "sfu", url: "wss://sfu.example/ws", room: "r", pin: "p", token: "t", expiresAt: 1 },
    ],
    ["a joined", { type: "joined", self: ada }],
    ["a signal", { type: "signal", from: "a", ...links, payload: offer }],
    ["an error", { type: "error", code: "room-full", fatal: false }],
    [
      "an error with its detail and the server's version",
      { type: "error", code: "version-mismatch", fatal: true, detail: "Join from v5", serverVersion: 6 },
    ],
  ])("accepts %s", (_label, message) => {
    expect(parseServerMessage(frame(message))).toEqual({ ok: true, message });
  });

  it.each([
    ["a client join", { type: "join", version: PROTOCOL_VERSION, name: "Ada" }],
    ["a roster without capacity", { type: "roster", participants: [] }],
    ["a roster without a route", { type: "roster", participants: [], capacity: 6, locked: false }],
    [
      "an SFU that is not a WebSocket",
      { type: "sfu", url: "javascript:alert(1)", room: "r", pin: "p", token: "t", expiresAt: 1 },
    ],
    ["a roster with zero capacity", { type: "roster", participants: [], capacity: 0 }],
    [
      "a roster with a negative join order",
      { type: "roster", participants: [{ ...ada, joinOrder: -1 }], capacity: 6 },
    ],
    ["a participant without an id", { type: "joined", self: { name: "Ada", joinOrder: 0 } }],
    ["a signal without a sender", { type: "signal", ...links, payload: offer }],
    ["an unknown error code", { type: "error", code: "teapot", fatal: false }],
    ["an error without fatal", { type: "error", code: "room-full" }],
    [
      "a detail too long to be one",
      { type: "error", code: "room-full", fatal: false, detail: "x".repeat(513) },
    ],
  ])("rejects %s", (_label, message) => {
    expect(parseServerMessage(frame(message))).toMatchObject({ ok: false, code: "invalid-message" });
  });

  it("rejects a frame that is not text", () => {
    expect(parseServerMessage(new ArrayBuffer(2))).toMatchObject({ ok: false, code: "invalid-message" });
  });
});
