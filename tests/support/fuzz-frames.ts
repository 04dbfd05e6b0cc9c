/**
 * Frames a broken or hostile client might send a room server: garbage, wrong types, oversized,
 * out of order, mutated real messages, binary. Seeded, so a failing run can be replayed.
 */
import { MAX_FRAME_BYTES, PROTOCOL_VERSION } from "../../lib/protocol";
import { pick, type Random } from "./seeded-random";

function randomText(random: Random, length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) {
    // Mostly printable, some control characters, surrogate halves and astral characters.
    const kind = random();
    const code =
      kind < 0.7
        ? 32 + Math.floor(random() * 95)
        : kind < 0.8
          ? Math.floor(random() * 32)
          : kind < 0.9
            ? 0xd800 + Math.floor(random() * 0x800)
            : 0x1f300 + Math.floor(random() * 0x300);
    text += String.fromCodePoint(code);
  }
  return text;
}

function randomValue(random: Random, depth = 0): unknown {
  const kind = Math.floor(random() * (depth > 2 ? 6 : 8));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return pick(random, [0, -1, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER, -0]);
    case 3:
      return randomText(random, Math.floor(random() * 40));
    case 4:
      return "";
    case 5:
      return pick(random, [
        "join",
        "signal",
        "chat",
        "leave",
        "presence",
        "react",
        "lock",
        "admit",
        "__proto__",
      ]);
    case 6:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 4) }, () => [
          pick(random, [
            "type",
            "to",
            "payload",
            "text",
            "name",
            "version",
            "id",
            "locked",
            "presence",
            "constructor",
          ]),
          randomValue(random, depth + 1),
        ]),
      );
  }
}

/** Real messages, each a template that is sent as is, out of turn, or with a field replaced. */
function templates(targets: string[]): Record<string, unknown>[] {
  const to = targets.length > 0 ? targets : ["nobody"];
  return [
    { type: "join", version: PROTOCOL_VERSION, name: "Fuzz" },
    { type: "join", version: PROTOCOL_VERSION + 1, name: "Old" },
    {
      type: "signal",
      to: to[0],
      fromLink: "fuzz-link-01",
      payload: { kind: "description", description: { type: "offer", sdp: "v=0\r\n" }, seq: 1 },
    },
    {
      type: "signal",
      to: to[to.length - 1],
      fromLink: "fuzz-link-01",
      toLink: "fuzz-link-02",
      payload: { kind: "candidate", candidate: { candidate: "junk" } },
    },
    { type: "signal", to: to[0], fromLink: "fuzz-link-01", payload: { kind: "view", maxHeight: 0 } },
    {
      type: "signal",
      to: to[0],
      fromLink: "fuzz-link-01",
      toLink: "fuzz-link-02",
      payload: { kind: "reset" },
    },
    { type: "chat", text: "hello" },
    { type: "presence", presence: { audioOff: true, handRaised: true } },
    { type: "react", reaction: "clap" },
    { type: "leave" },
    { type: "lock", locked: true },
    { type: "admit", id: to[0] },
    { type: "deny", id: to[0] },
    { type: "remove", id: to[0] },
    { type: "refresh-ice" },
  ];
}

/**
 * One hostile frame. `targets` are participant ids worth aiming signals and host actions at. Some
 * frames (a join from another version) rightly get the connection closed: the sender reconnects.
 */
export function fuzzFrame(random: Random, targets: string[]): string | Buffer {
  const kind = random();
  if (kind < 0.1) return randomText(random, Math.floor(random() * 200));
  if (kind < 0.15) return Buffer.from(randomText(random, 64));
  if (kind < 0.2) return JSON.stringify({ type: "chat", text: "x".repeat(MAX_FRAME_BYTES + 100) });
  if (kind < 0.4) return JSON.stringify(randomValue(random));
  const template = { ...pick(random, templates(targets)) };
  if (random() < 0.6) {
    const keys = Object.keys(template);
    template[pick(random, keys)] = randomValue(random);
  }
  return JSON.stringify(template);
}
