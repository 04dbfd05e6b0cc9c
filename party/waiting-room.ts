/** People knocking on a locked meeting, waiting for a host's answer, by connection key. */
import type { Knock, Participant, Presence } from "../lib/protocol";

/** Someone asking to join: what they would be admitted as. */
export interface Knocker {
  id: string;
  name: string;
  presence: Presence | undefined;
  instance: string | undefined;
  sessionHash: string | null;
}

export class WaitingRoom {
  private readonly byKey = new Map<string, Knocker>();

  get size(): number {
    return this.byKey.size;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  get(key: string): Knocker | undefined {
    return this.byKey.get(key);
  }

  add(key: string, knocker: Knocker): void {
    this.byKey.set(key, knocker);
  }

  /** True when someone was waiting on that connection. */
  remove(key: string): boolean {
    return this.byKey.delete(key);
  }

  /** The connection key of whoever knocks as `id` (the id a host sees). */
  keyOf(id: Participant["id"]): string | undefined {
    for (const [key, knocker] of this.byKey) if (knocker.id === id) return key;
    return undefined;
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }

  /** What hosts see of who is waiting, in the order they knocked. */
  get knocks(): Knock[] {
    return [...this.byKey.values()].map(({ id, name }) => ({ id, name }));
  }
}
