/**
 * Every file transfer of one meeting page: starts them over the mesh's data channels, keeps their
 * state in the store for the files panel, and carries the person's answers (accept, decline, cancel).
 */
import type { RoomStore, TransferView } from "../store/room-store";
import type { FileChannel } from "./channel";
import { FILE_CHANNEL_PROTOCOL, type FileOffer } from "./protocol";
import { receiveFile, type ReceiveOutcome } from "./receive-file";
import { sendFile } from "./send-file";

/** Progress reaches the store at most this often: a 1 GB file is sixteen thousand chunks. */
const PROGRESS_INTERVAL_MS = 100;
/** Offers from one person waiting for an answer; past this, more are declined without asking. */
const MAX_PENDING_OFFERS_PER_PEER = 5;

/** A data channel as the transfers use it; its protocol says whether it carries a file. */
export type TransferChannel = FileChannel & Pick<RTCDataChannel, "protocol" | "dispatchEvent">;

interface Running {
  abort: AbortController;
  answer?: (accept: boolean) => void;
}

export class FileTransfers {
  private readonly running = new Map<string, Running>();
  private readonly urls = new Set<string>();

  constructor(
    private readonly store: RoomStore,
    /** Opens a data channel to `peerId` with the sub-protocol that marks it as a file's. */
    private readonly openChannel: (peerId: string, protocol: string) => TransferChannel | null,
  ) {}

  private get actions() {
    return this.store.getState().actions;
  }

  /** Sends a file to each of `peerIds`, each transfer on its own channel, answered on its own. */
  send(file: File, peerIds: string[]): void {
    for (const peerId of peerIds) {
      const id = crypto.randomUUID();
      const abort = new AbortController();
      const channel = this.openChannel(peerId, FILE_CHANNEL_PROTOCOL);
      this.actions.addTransfer(this.view(id, "outgoing", peerId, file.name, file.size, "waiting"));
      if (!channel) {
        this.finish(id, { state: "failed", problem: "You're not connected to them yet." });
        continue;
      }
      this.running.set(id, { abort });
      const progress = this.progressReporter(id);
      void sendFile(channel, file, {
        signal: abort.signal,
        onAccepted: () => this.actions.updateTransfer(id, { state: "sending" }),
        onProgress: progress,
      }).then((result) => this.settle(id, result));
    }
  }

  /** A data channel the other side opened: a file offer if it speaks our protocol, closed otherwise. */
  receive(peerId: string, channel: TransferChannel): void {
    if (channel.protocol !== FILE_CHANNEL_PROTOCOL) {
      channel.close();
      return;
    }
    const id = crypto.randomUUID();
    const abort = new AbortController();
    const running: Running = { abort };
    this.running.set(id, running);
    const decide = (offer: FileOffer) => {
      const pending = this.store
        .getState()
        .transfers.filter((t) => t.peerId === peerId && t.state === "offered").length;
      if (pending >= MAX_PENDING_OFFERS_PER_PEER) return Promise.resolve(false);
      this.actions.addTransfer(this.view(id, "incoming", peerId, offer.name, offer.size, "offered"));
      return new Promise<boolean>((resolve) => (running.answer = resolve));
    };
    void receiveFile(channel, { signal: abort.signal, decide, onProgress: this.progressReporter(id) }).then(
      (result) => this.settle(id, result),
    );
  }

  accept(id: string): void {
    if (this.answer(id, true)) this.actions.updateTransfer(id, { state: "receiving" });
  }

  decline(id: string): void {
    this.answer(id, false);
  }

  cancel(id: string): void {
    this.running.get(id)?.abort.abort();
  }

  /** Takes a finished transfer off the list, and lets go of its file. */
  dismiss(id: string): void {
    const transfer = this.store.getState().transfers.find((t) => t.id === id);
    if (!transfer || this.running.has(id)) return;
    if (transfer.url) this.releaseUrl(transfer.url);
    this.actions.removeTransfer(id);
  }

  /** Stops everything under way and releases every received file. */
  dispose(): void {
    for (const { abort } of this.running.values()) abort.abort();
    this.running.clear();
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls.clear();
  }

  /** False when there is no question to answer (already answered, or over). */
  private answer(id: string, accept: boolean): boolean {
    const running = this.running.get(id);
    if (!running?.answer) return false;
    running.answer(accept);
    running.answer = undefined;
    return true;
  }

  private settle(id: string, result: ReceiveOutcome): void {
    this.running.delete(id);
    switch (result.outcome) {
      case "received": {
        const url = URL.createObjectURL(result.file);
        this.urls.add(url);
        return this.finish(id, { state: "done", url, bytesPerSecond: result.bytesPerSecond });
      }
      case "done":
        return this.finish(id, { state: "done", bytesPerSecond: result.bytesPerSecond });
      case "declined":
        return this.finish(id, { state: "declined" });
      case "cancelled-here":
        return this.finish(id, { state: "cancelled", problem: null });
      case "cancelled-there":
        return this.finish(id, { state: "cancelled", problem: "The other person cancelled." });
      case "failed":
        return this.finish(id, { state: "failed", problem: result.reason });
    }
  }

  private finish(id: string, change: Partial<TransferView>): void {
    const transfer = this.store.getState().transfers.find((t) => t.id === id);
    // Declined without asking (too many offers): nothing was ever listed.
    if (!transfer) return;
    this.actions.updateTransfer(id, {
      ...change,
      bytes: change.state === "done" ? transfer.size : transfer.bytes,
    });
  }

  private progressReporter(id: string): (bytes: number) => void {
    let last = 0;
    return (bytes) => {
      const now = performance.now();
      if (now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      this.actions.updateTransfer(id, { bytes });
    };
  }

  private releaseUrl(url: string): void {
    URL.revokeObjectURL(url);
    this.urls.delete(url);
  }

  private view(
    id: string,
    direction: TransferView["direction"],
    peerId: string,
    name: string,
    size: number,
    state: TransferView["state"],
  ): TransferView {
    const peerName = this.store.getState().participants.find((p) => p.id === peerId)?.name ?? "Someone";
    return {
      id,
      direction,
      peerId,
      peerName,
      name,
      size,
      state,
      bytes: 0,
      bytesPerSecond: null,
      url: null,
      problem: null,
    };
  }
}
