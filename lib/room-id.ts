/**
 * Meeting codes: 16 characters from a 32-letter alphabet (5 bits each, so 80 random bits), shown in
 * four groups such as `k7fq-2m9x-p4tz-8hwn`. The alphabet leaves out i, l, o and u so that a code read
 * aloud or copied by hand cannot be mistaken; i, l and o are folded onto 1, 1 and 0 on input.
 */
export const ROOM_CODE_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const GROUPS = 4;
const GROUP_LENGTH = 4;
const CODE_LENGTH = GROUPS * GROUP_LENGTH;

/** The canonical form, and the only one the room server accepts. */
export const ROOM_ID_PATTERN = /^[0-9a-hjkmnp-tv-z]{4}(?:-[0-9a-hjkmnp-tv-z]{4}){3}$/;

export function createRoomId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)) {
  const bytes = random(new Uint8Array(CODE_LENGTH));
  // 32 divides 256, so masking to 5 bits keeps every letter equally likely.
  const letters = Array.from(bytes, (byte) => ROOM_CODE_ALPHABET[byte & 31]);
  return groupCode(letters.join(""));
}

export function isRoomId(value: string): boolean {
  return ROOM_ID_PATTERN.test(value);
}

const LOOK_ALIKES: Record<string, string> = { i: "1", l: "1", o: "0" };

/**
 * Reads what a person typed or pasted into "Meeting code or link": a code in any case, with or without
 * dashes or spaces, or a whole meeting link. Returns the canonical code, or null when it is not one.
 */
export function parseMeetingInput(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > 2048) return null;
  const fromLink = codeFromLink(trimmed);
  const candidate = (fromLink ?? trimmed)
    .toLowerCase()
    .replace(/[\s-]/g, "")
    .replace(/[ilo]/g, (letter) => LOOK_ALIKES[letter] ?? letter);
  if (candidate.length !== CODE_LENGTH) return null;
  const code = groupCode(candidate);
  return isRoomId(code) ? code : null;
}

function codeFromLink(text: string): string | null {
  if (!/^https?:\/\//i.test(text)) return null;
  try {
    const match = /\/room\/([^/?#]+)\/?$/.exec(new URL(text).pathname);
    return match?.[1] ? decodeURIComponent(match[1]) : "";
  } catch {
    return "";
  }
}

function groupCode(letters: string): string {
  const groups: string[] = [];
  for (let i = 0; i < letters.length; i += GROUP_LENGTH) groups.push(letters.slice(i, i + GROUP_LENGTH));
  return groups.join("-");
}
