/**
 * Moving a call between the mesh and the SFU, make before break: the new transport starts while the
 * old one keeps playing, and the old one closes only once the new one reaches everyone and nobody
 * still shows what the old one sends them (each side moves at its own pace: closing on reaching
 * everyone here would freeze this page's picture on pages still waiting for it on the new
 * transport). A deadline closes it in any case, so that nothing waits for ever. Until then the tiles
 * keep the old transport's media and statuses; what the old one reports meanwhile is not taken up.
 */
import type { MediaTransport } from "../rtc/media-transport";
import type { LinkStatus } from "../rtc/peer-link";

/** The longest two transports run side by side. */
export const SWITCH_DEADLINE_MS = 15_000;

export class TransportSwitch {
  private current: MediaTransport | null = null;
  private retiring: MediaTransport | null = null;
  private readonly reached = new Set<string>();
  private deadline: ReturnType<typeof setTimeout> | undefined;

  /** `peers`: whom the new transport must reach before the old one closes. */
  constructor(
    private readonly peers: () => readonly string[],
    private readonly onRetired: (transport: MediaTransport) => void = () => {},
  ) {}

  get transport(): MediaTransport | null {
    return this.current;
  }

  get switching(): boolean {
    return this.retiring !== null;
  }

  /** The transport being moved away from, while a switch runs. */
  get retiringTransport(): MediaTransport | null {
    return this.retiring;
  }

  /** Starts afresh with `next` (or nothing): whatever ran before closes now. */
  replace(next: MediaTransport | null): void {
    this.finish();
    this.current?.close();
    this.current = next;
  }

  /** Starts `next` beside the current transport, which closes once `next` reaches everyone. */
  switchTo(next: MediaTransport): void {
    this.finish();
    this.retiring = this.current;
    this.current = next;
    this.reached.clear();
    if (!this.retiring) return;
    this.deadline = setTimeout(() => this.finish(), SWITCH_DEADLINE_MS);
    this.check();
  }

  /** Whether media or a status from `transport` should reach the tiles. */
  accepts(transport: MediaTransport, status?: LinkStatus): boolean {
    if (transport !== this.current) return false;
    // While the old transport still plays, "connecting" from the new one would only hide it.
    return !this.retiring || status === undefined || status === "connected";
  }

  /** A status from a transport: the new one reaching a peer may complete the switch. */
  noteStatus(transport: MediaTransport, peerId: string, status: LinkStatus): void {
    if (transport !== this.current || !this.retiring) return;
    if (status === "connected") {
      this.reached.add(peerId);
      // Their tile now plays the new transport's media: the old one need not send it any more.
      this.retiring.setView(peerId, 0);
    } else {
      this.reached.delete(peerId);
    }
    this.check();
  }

  /** Someone left, or told the old transport they no longer show its media: the switch may be done. */
  recheck(): void {
    this.check();
  }

  close(): void {
    this.replace(null);
  }

  private check(): void {
    const retiring = this.retiring;
    if (!retiring) return;
    const done = (peerId: string) => this.reached.has(peerId) && !retiring.shownBy(peerId);
    if (this.peers().every(done)) this.finish();
  }

  private finish(): void {
    clearTimeout(this.deadline);
    const retiring = this.retiring;
    this.retiring = null;
    if (!retiring) return;
    retiring.close();
    this.onRetired(retiring);
  }
}
