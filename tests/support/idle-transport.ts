/**
 * A media transport that does nothing, for tests of the session around it: each test's own transport
 * extends it and records or drives only what that test is about.
 */
import type { LinkSignal, Participant } from "@/lib/protocol";
import type { MediaTransport, MediaTransportOptions } from "@/lib/rtc/media-transport";

export class IdleTransport implements MediaTransport {
  selfId: string | null;
  constructor(readonly options: MediaTransportOptions) {
    this.selfId = options.self?.id ?? null;
  }
  setSelf(self: Participant) {
    this.selfId = self.id;
  }
  syncRoster(_participants: readonly Participant[]) {}
  handleSignal(_from: string, _signal: LinkSignal) {}
  setIceConfig() {}
  async setLocalTrack() {}
  setScreen() {}
  setView(_peerId: string, _maxHeight: number) {}
  shownBy(_peerId: string) {
    return false;
  }
  whenShowable(_stream: MediaStream, onShowable: () => void) {
    onShowable();
  }
  recoverNegotiations() {}
  openDataChannel() {
    return null;
  }
  async stats() {
    return null;
  }
  async safetyCode() {
    return null;
  }
  close() {}
}
