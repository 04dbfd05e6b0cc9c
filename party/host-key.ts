/**
 * The host key: made when a meeting is created, given once to the browser that created it, and kept
 * by the room server only as a hash, so that reading the server's storage does not make one a host.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

export function createHostKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/**
 * Host keys and session ids are kept only as hashes. Synchronous on purpose: a join is handled in one
 * step, so frames sent right behind it follow it.
 */
export function hashSecret(secret: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(secret)));
}

export const hashHostKey = hashSecret;

/** Compares every character, so the time taken does not tell how much of a guess was right. */
export function matchesHostKey(key: string, hash: string): boolean {
  const candidate = hashHostKey(key);
  if (candidate.length !== hash.length) return false;
  let difference = 0;
  for (let i = 0; i < hash.length; i++) difference |= candidate.charCodeAt(i) ^ hash.charCodeAt(i);
  return difference === 0;
}
