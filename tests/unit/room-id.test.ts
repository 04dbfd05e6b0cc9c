import { describe, expect, it, vi } from "vitest";
import { createRoomId, parseMeetingInput, ROOM_CODE_ALPHABET, ROOM_ID_PATTERN } from "@/lib/room-id";

const CODE = "k7fq-2m9x-p4tz-8hwn";

function fixedBytes(values: readonly number[]) {
  return vi.fn((bytes: Uint8Array) => {
    bytes.set(values);
    return bytes;
  });
}

describe("createRoomId", () => {
  it("makes four dash-separated groups of four letters from the code alphabet", () => {
    const id = createRoomId();
    expect(id).toMatch(ROOM_ID_PATTERN);
    expect(id.split("-").map((group) => group.length)).toEqual([4, 4, 4, 4]);
  });

  it("asks the random source for sixteen bytes", () => {
    const random = fixedBytes(new Array<number>(16).fill(0));
    createRoomId(random);
    expect(random).toHaveBeenCalledTimes(1);
    expect(random.mock.calls[0]?.[0]).toHaveLength(16);
  });

  it("maps each byte to the alphabet letter at its low five bits", () => {
    const lowHalf = Array.from({ length: 16 }, (_, i) => i);
    expect(createRoomId(fixedBytes(lowHalf))).toBe("0123-4567-89ab-cdef");

    // The high three bits are ignored: 0xe0 | 16 is read as 16, and so on.
    const highHalf = Array.from({ length: 16 }, (_, i) => 0xe0 | (16 + i));
    expect(createRoomId(fixedBytes(highHalf))).toBe("ghjk-mnpq-rstv-wxyz");
  });

  it("uses every alphabet letter and no other", () => {
    expect(ROOM_CODE_ALPHABET).toHaveLength(32);
    expect(ROOM_CODE_ALPHABET).not.toMatch(/[ilou]/);
  });

  it("gives a different code on each call", () => {
    const ids = new Set(Array.from({ length: 2000 }, () => createRoomId()));
    expect(ids.size).toBe(2000);
  });
});

describe("parseMeetingInput accepts", () => {
  it.each([
    ["a canonical code", CODE],
    ["a code without dashes", "k7fq2m9xp4tz8hwn"],
    ["an upper-case code", "K7FQ-2M9X-P4TZ-8HWN"],
    ["a code with spaces between groups", "k7fq 2m9x p4tz 8hwn"],
    ["a code with surrounding whitespace", "  \tk7fq-2m9x-p4tz-8hwn \n"],
    ["a code with mixed separators", "k7fq-2m9x p4tz8hwn"],
  ])("%s", (_label, input) => {
    expect(parseMeetingInput(input)).toBe(CODE);
  });

  it("reads the look-alike letters i, l and o as 1, 1 and 0", () => {
    expect(parseMeetingInput("iloI-LO2m-9xp4-tz8h")).toBe("1101-102m-9xp4-tz8h");
  });

  it.each([
    ["an https link", `https://parley.example/room/${CODE}`],
    ["an http link with a port", `http://127.0.0.1:3000/room/${CODE}`],
    ["a link with a trailing slash", `https://parley.example/room/${CODE}/`],
    ["a link with a query", `https://parley.example/room/${CODE}?from=invite`],
    ["a link with a hash", `https://parley.example/room/${CODE}#top`],
    ["a link with a query and a hash after a slash", `https://parley.example/room/${CODE}/?a=1#b`],
    ["a link with an upper-case scheme and code", "HTTPS://parley.example/room/K7FQ2M9XP4TZ8HWN"],
    ["a link with surrounding whitespace", `  https://parley.example/room/${CODE}  `],
  ])("%s", (_label, input) => {
    expect(parseMeetingInput(input)).toBe(CODE);
  });
});

describe("parseMeetingInput rejects", () => {
  it.each([
    ["empty input", ""],
    ["only whitespace", "   \n"],
    ["a code one letter short", "k7fq-2m9x-p4tz-8hw"],
    ["a code one letter long", "k7fq-2m9x-p4tz-8hwnn"],
    ["a code with the excluded letter u", "u7fq-2m9x-p4tz-8hwn"],
    ["a code with punctuation", "k7fq!2m9xp4tz8hwn"],
    ["a link without /room/", `https://parley.example/${CODE}`],
    ["a link to another path segment", `https://parley.example/bedroom/${CODE}`],
    ["a link with more path after the code", `https://parley.example/room/${CODE}/extra`],
    ["a link with an empty code", "https://parley.example/room/"],
    ["a link with a badly encoded code", "https://parley.example/room/%E0%A4%A"],
    ["a link that is not a URL", "https://"],
    ["an ftp link", `ftp://parley.example/room/${CODE}`],
    ["a javascript link", `javascript:alert('${CODE}')`],
    ["a code inside a sentence", `the code is ${CODE}`],
    ["garbage", "!@#$%^&*()"],
    ["very long input", `${CODE}${" ".repeat(3000)}x`],
  ])("%s", (_label, input) => {
    expect(parseMeetingInput(input)).toBeNull();
  });
});
