/**
 * This tab's identity in one meeting, kept in sessionStorage (per tab, and it survives a reload):
 * the session id that lets the server resume the same participant, and whether the tab was in the
 * call, so that a refresh goes straight back in under the same name.
 */
import * as v from "valibot";
import { displayNameSchema, sessionIdSchema } from "../protocol";
import { randomId } from "../random-id";

interface Stored {
  session: string;
  /** Set while in the call: the name to rejoin with after a reload. */
  inCallAs: string | null;
}

/** One page load's id: the others call a participant afresh when it changes. */
export const createInstanceId = () => randomId(12);

/** The storage of this tab, or none where it is blocked (a refresh then joins as someone new). */
export function tabStorage(): Pick<Storage, "getItem" | "setItem"> | null {
  try {
    return typeof sessionStorage === "undefined" ? null : sessionStorage;
  } catch {
    return null;
  }
}

export class TabSession {
  private readonly key: string;

  constructor(
    roomId: string,
    private readonly storage = tabStorage(),
  ) {
    this.key = `parley:tab-session:${roomId}`;
  }

  get id(): string {
    const stored = this.read();
    if (stored) return stored.session;
    const session = randomId(18);
    this.write({ session, inCallAs: null });
    return session;
  }

  /** The name this tab was in the call under, if a reload interrupted it. */
  get interruptedAs(): string | null {
    return this.read()?.inCallAs ?? null;
  }

  rememberInCall(name: string | null): void {
    this.write({ session: this.id, inCallAs: name });
  }

  private read(): Stored | null {
    try {
      const parsed = JSON.parse(this.storage?.getItem(this.key) ?? "null") as Partial<Stored> | null;
      if (!parsed || !v.is(sessionIdSchema, parsed.session)) return null;
      const name = v.safeParse(displayNameSchema, parsed.inCallAs);
      return { session: parsed.session, inCallAs: name.success ? name.output : null };
    } catch {
      return null;
    }
  }

  private write(stored: Stored): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify(stored));
    } catch {
      // Storage blocked: a refresh joins as someone new, which the server tidies up after a while.
    }
  }
}
