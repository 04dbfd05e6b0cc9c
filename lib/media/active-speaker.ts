/**
 * Who the speaker view shows: the person talking, chosen so that it does not jump about. Someone
 * takes over only once the current speaker has stopped and they have spoken for a moment, so a cough
 * or a "mm" does not move the spotlight (the detector already holds "speaking" 600 ms past the last
 * sound, so a short noise counts as about 0.7 s of speech).
 */
export const TAKE_OVER_AFTER_MS = 1000;

export class ActiveSpeaker {
  /** When each person now speaking began, in the order they began. */
  private readonly speakingSince = new Map<string, number>();
  private current: string | null = null;

  update(id: string, speaking: boolean, now: number): void {
    if (!speaking) this.speakingSince.delete(id);
    else if (!this.speakingSince.has(id)) this.speakingSince.set(id, now);
  }

  /** Someone left: they can no longer be shown. */
  forget(id: string): void {
    this.speakingSince.delete(id);
    if (this.current === id) this.current = null;
  }

  /**
   * The speaker to show now, and in how many milliseconds to ask again (someone is speaking but has
   * not yet spoken long enough to take over), or null when nothing will change without an update.
   */
  decide(now: number): { speakerId: string | null; askAgainInMs: number | null } {
    if (this.current !== null && this.speakingSince.has(this.current))
      return { speakerId: this.current, askAgainInMs: null };
    // The one who has been speaking longest; Map keeps the order they began in.
    const first = this.speakingSince.entries().next();
    if (first.done) return { speakerId: this.current, askAgainInMs: null };
    const [id, since] = first.value;
    const waited = now - since;
    if (waited < TAKE_OVER_AFTER_MS)
      return { speakerId: this.current, askAgainInMs: TAKE_OVER_AFTER_MS - waited };
    this.current = id;
    return { speakerId: id, askAgainInMs: null };
  }
}
