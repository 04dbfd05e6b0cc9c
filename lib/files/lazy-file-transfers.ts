/**
 * The meeting's file transfers, loaded a moment after the call starts (or when a file is sent or comes
 * in): hashing and chunking are not part of what the meeting page needs to show its first screen.
 */
import type { RoomStore } from "../store/room-store";
import type { FileTransfers, TransferChannel } from "./file-transfers";

/**
 * How long after joining the code loads by itself: its download and evaluation (hashing included)
 * would otherwise land on the way to the call's first frames. A file sent or offered sooner loads it
 * at once.
 */
const PREFETCH_AFTER_JOIN_MS = 3000;

export class LazyFileTransfers {
  private loading: Promise<FileTransfers> | null = null;
  private loaded: FileTransfers | null = null;
  private prefetchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly store: RoomStore,
    private readonly openChannel: (peerId: string, protocol: string) => TransferChannel | null,
  ) {}

  /** Loads ahead of need once the call has settled; called on joining. */
  prefetchSoon(): void {
    clearTimeout(this.prefetchTimer);
    this.prefetchTimer = setTimeout(() => void this.prefetch(), PREFETCH_AFTER_JOIN_MS);
  }

  private prefetch(): Promise<FileTransfers> {
    this.loading ??= import("./file-transfers").then(({ FileTransfers }) => {
      this.loaded = new FileTransfers(this.store, this.openChannel);
      return this.loaded;
    });
    return this.loading;
  }

  send(file: File, peerIds: string[]): void {
    void this.prefetch().then((files) => files.send(file, peerIds));
  }

  /**
   * A file offered before the code has loaded: what the channel says meanwhile is held, then handed
   * over in order, so the offer that opens every transfer is never lost.
   */
  receive(peerId: string, channel: TransferChannel): void {
    if (this.loaded) return this.loaded.receive(peerId, channel);
    const early: unknown[] = [];
    const hold = (event: MessageEvent) => early.push(event.data);
    channel.addEventListener("message", hold);
    void this.prefetch().then((files) => {
      files.receive(peerId, channel);
      channel.removeEventListener("message", hold);
      for (const data of early) channel.dispatchEvent(new MessageEvent("message", { data }));
    });
  }

  // Answers concern transfers that exist, so the code is loaded by then.
  accept(id: string): void {
    this.loaded?.accept(id);
  }

  decline(id: string): void {
    this.loaded?.decline(id);
  }

  cancel(id: string): void {
    this.loaded?.cancel(id);
  }

  dismiss(id: string): void {
    this.loaded?.dismiss(id);
  }

  dispose(): void {
    clearTimeout(this.prefetchTimer);
    this.loaded?.dispose();
  }
}
