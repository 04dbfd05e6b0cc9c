/**
 * This tab's identity in one meeting, kept in sessionStorage (per tab, and it survives a reload):
 * the session id that lets the server resume the same participant, and whether the tab was in the
 * call, so that a refresh goes straight back in under the same name.
 */
import { displayNameSchema, sessionIdSchema } from "../protocol";
import { randomId } from "../random-id";

const key = (roomId: string) => `parley:tab-session:${roomId}`;

interface Stored {
  session: string;
  /** Set while in the call: the name to rejoin with after a reload. */
  inCallAs: string | null;
}

/** One page load's id: the others call a participant afresh when it changes. */
export const createInstanceId = () => randomId(12);

function read(roomId: string): Stored | null {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(key(roomId)) ?? "null") as Partial<Stored> | null;
    if (!parsed || !sessionIdSchema.safeParse(parsed.session).success) return null;
    const name = displayNameSchema.safeParse(parsed.inCallAs);
    return { session: parsed.session as string, inCallAs: name.success ? name.data : null };
  } catch {
    return null;
  }
}

function write(roomId: string, stored: Stored): void {
  try {
    sessionStorage.setItem(key(roomId), JSON.stringify(stored));
  } catch {
    // Storage blocked: a refresh joins as someone new, which the server tidies up after a while.
  }
}

export function tabSessionId(roomId: string): string {
  const stored = read(roomId);
  if (stored) return stored.session;
  const session = randomId(18);
  write(roomId, { session, inCallAs: null });
  return session;
}

/** The name this tab was in the call under, if a reload interrupted it. */
export function rejoinName(roomId: string): string | null {
  return read(roomId)?.inCallAs ?? null;
}

export function rememberInCall(roomId: string, name: string | null): void {
  write(roomId, { session: tabSessionId(roomId), inCallAs: name });
}
