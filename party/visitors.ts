/**
 * People on an open meeting's pre-join screen who connect their calls ahead of "Join now", so that
 * pressing it only has media start on connections already up. Each gets, now, the participant id it
 * will join as, and may exchange signals with members (and members with it). Both ends hold their
 * media until the join (see PeerLink's `holdMedia`): a visitor gets a connection, never a picture or
 * a sound, and gives none. Keyed by connection, like everything the room knows of a socket.
 */
import type { Visitor } from "../lib/protocol";

export class Visitors {
  private readonly byKey = new Map<string, Visitor>();

  get size(): number {
    return this.byKey.size;
  }

  get list(): Visitor[] {
    return [...this.byKey.values()];
  }

  add(key: string, visitor: Visitor): void {
    this.byKey.set(key, visitor);
  }

  get(key: string): Visitor | undefined {
    return this.byKey.get(key);
  }

  /** The connection a visitor's id belongs to. */
  keyOf(id: string): string | undefined {
    for (const [key, visitor] of this.byKey) if (visitor.id === id) return key;
    return undefined;
  }

  remove(key: string): boolean {
    return this.byKey.delete(key);
  }

  /** Everyone's early calls end; the keys of the connections that had one. */
  clear(): string[] {
    const keys = [...this.byKey.keys()];
    this.byKey.clear();
    return keys;
  }
}
