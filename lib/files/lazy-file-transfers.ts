/**
 * The meeting's file transfers, loaded only when the call starts (or a file comes in): hashing and
 * chunking are not part of what the meeting page needs to show its first screen.
 */
import type { RoomStore } from "../store/room-store";
import type { FileTransfers, TransferChannel } from "./file-transfers";

export class LazyFileTransfers {
  private loading: Promise<FileTransfers> | null = null;
  private loaded: FileTransfers | null = null;

  constructor(
    private readonly store: RoomStore,
    private readonly openChannel: (peerId: string) => TransferChannel | null,
  ) {}

  /** Starts loading ahead of need; called once in the call. */
  prefetch(): Promise<FileTransfers> {
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
    this.loaded?.dispose();
  }
}
