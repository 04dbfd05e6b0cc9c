/**
 * Files in a meeting on the SFU, which carries only media: a peer connection for data alone, made
 * with one person when this page first sends them a file, or when they first call to send one. It is
 * the mesh's own machinery (deadlines, redials, resets), over fewer and smaller connections; its links'
 * ids start with DATA_LINK_PREFIX, so that their signals are told from a departing media mesh's.
 */
import type { LinkSignal, Participant } from "../protocol";
import { DATA_LINK_PREFIX } from "./data-links";
import { Mesh, type MeshOptions } from "./mesh";
import type { IceSetup } from "./peer-link";

export type DataMeshOptions = Pick<
  MeshOptions,
  "self" | "ice" | "certificates" | "sendSignal" | "onDataChannel" | "createPeerConnection"
>;

export class DataMesh {
  private readonly mesh: Mesh;
  private participants: readonly Participant[] = [];
  /** Who this page has (or wants) a data connection with. */
  private readonly wanted = new Set<string>();

  constructor(private readonly options: DataMeshOptions) {
    this.mesh = new Mesh({
      ...options,
      localStream: null,
      linkIdPrefix: DATA_LINK_PREFIX,
      // How the call with each person is going is the SFU's to say; files report their own trouble.
      onRemoteStream: () => {},
      onLinkStatus: () => {},
    });
  }

  setSelf(self: Participant): void {
    this.mesh.setSelf(self);
  }

  setIceConfig(ice: IceSetup): void {
    this.mesh.setIceConfig(ice);
  }

  syncRoster(participants: readonly Participant[]): void {
    this.participants = participants;
    const present = new Set(participants.map((p) => p.id));
    for (const id of this.wanted) if (!present.has(id)) this.wanted.delete(id);
    this.mesh.syncRoster(participants.filter((p) => this.wanted.has(p.id) || p.id === this.mesh.selfId));
  }

  /** A channel to this person, on a connection made now if there is none; null if they are not here. */
  openDataChannel(peerId: string, label: string, init?: RTCDataChannelInit): RTCDataChannel | null {
    if (!this.want(peerId)) return null;
    this.mesh.connect(peerId);
    return this.mesh.openDataChannel(peerId, label, init);
  }

  /** A data link's signal: from someone new, it is them calling to send a file, so this page takes part. */
  handleSignal(from: string, signal: LinkSignal): void {
    // A reset naming a connection this page never had with someone it has no call with: nothing to do.
    if (signal.payload.kind === "reset" && signal.toLink !== undefined && !this.wanted.has(from)) return;
    if (this.want(from)) this.mesh.handleSignal(from, signal);
  }

  recoverNegotiations(): void {
    this.mesh.recoverNegotiations();
  }

  close(): void {
    this.mesh.close();
    this.wanted.clear();
  }

  /** Takes this person into the data mesh; false if they are not in the meeting. */
  private want(peerId: string): boolean {
    if (this.wanted.has(peerId)) return true;
    if (!this.participants.some((p) => p.id === peerId)) return false;
    this.wanted.add(peerId);
    this.syncRoster(this.participants);
    return true;
  }
}
