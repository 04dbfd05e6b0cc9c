/**
 * Host keys, kept by the browser that created a meeting (and any browser its host opens a host link
 * in), never in the shareable link: holding one is what makes a participant the host.
 */
import * as v from "valibot";
import { hostKeySchema } from "./protocol";

const storageKey = (roomId: string) => `parley:host-key:${roomId}`;
const HOST_FRAGMENT = /^#host=([A-Za-z0-9_-]+)$/;

export function rememberHostKey(roomId: string, hostKey: string): void {
  try {
    localStorage.setItem(storageKey(roomId), hostKey);
  } catch {
    // Storage blocked: this browser will not be the host, and the meeting still works.
  }
}

export function hostKeyFor(roomId: string): string | undefined {
  try {
    const stored = localStorage.getItem(storageKey(roomId));
    return v.is(hostKeySchema, stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A host link opened in another browser: keep its key, and take it out of the address bar at once,
 * so it is not shared by accident from there. The fragment never reaches any server.
 */
export function adoptHostKeyFromUrl(roomId: string): void {
  const match = HOST_FRAGMENT.exec(window.location.hash);
  if (!match) return;
  history.replaceState(null, "", window.location.pathname + window.location.search);
  if (match[1] && v.is(hostKeySchema, match[1])) rememberHostKey(roomId, match[1]);
}

export function hostLink(origin: string, roomId: string, hostKey: string): string {
  return `${origin}/room/${roomId}#host=${hostKey}`;
}
