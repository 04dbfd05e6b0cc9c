/**
 * How tall this page shows each person's camera, as its tiles report it, for the transport to ask
 * each sender for no more. A tile that goes away (paged out of the grid, moved by a layout change)
 * releases its person: paused, unless another tile shows them within a moment, so a layout change
 * does not pause and restart a video that stays on screen.
 */
export const VIEW_RELEASE_MS = 1000;

export class TileViews {
  private readonly heights = new Map<string, number>();
  private readonly releases = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly apply: (peerId: string, maxHeight: number) => void) {}

  set(peerId: string, maxHeight: number): void {
    this.cancelRelease(peerId);
    this.heights.set(peerId, maxHeight);
    this.apply(peerId, maxHeight);
  }

  release(peerId: string): void {
    this.cancelRelease(peerId);
    this.releases.set(
      peerId,
      setTimeout(() => {
        this.releases.delete(peerId);
        this.set(peerId, 0);
      }, VIEW_RELEASE_MS),
    );
  }

  /** Every height reported so far, for a transport that starts after the tiles did. */
  all(): ReadonlyMap<string, number> {
    return this.heights;
  }

  dispose(): void {
    for (const timer of this.releases.values()) clearTimeout(timer);
    this.releases.clear();
  }

  private cancelRelease(peerId: string): void {
    clearTimeout(this.releases.get(peerId));
    this.releases.delete(peerId);
  }
}
