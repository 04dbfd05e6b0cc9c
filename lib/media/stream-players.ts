/**
 * The `<video>` elements tiles show pictures in. Each remote camera's is made as soon as its stream
 * arrives (a call dialled from the pre-join screen, or to someone still on theirs), and plays
 * detached until a tile moves it in. Making a player (the browser's media pipeline, its GPU channel,
 * its first compositor frame) takes the page's main thread tens of milliseconds: made when the tile
 * first shows, at the join, that work sits under the call's first pictures; made ahead, the player
 * is warm and the tile shows the next frame. A tile that goes and comes back (page turns, pins,
 * layout changes) gets the same player, still showing the last frame, rather than a blank one.
 */
export class StreamPlayers {
  /** By participant: one camera each. */
  private readonly ahead = new Map<string, HTMLVideoElement>();

  /** Makes a player ready for a participant's camera, in place of the one for the stream before. */
  prepare(peerId: string, stream: MediaStream): void {
    // Not in a page (the call logic runs under Node in tests): there is nothing to play in.
    if (typeof document === "undefined") return;
    const before = this.ahead.get(peerId);
    if (before?.srcObject === stream) return;
    if (before) this.drop(before);
    this.ahead.set(peerId, newPlayer(stream));
  }

  /** Stops the players of everyone not among `peerIds` (they left, or never came in). */
  keepOnly(peerIds: ReadonlySet<string>): void {
    for (const [peerId, video] of this.ahead) {
      if (peerIds.has(peerId)) continue;
      this.ahead.delete(peerId);
      this.drop(video);
    }
  }

  /**
   * A player for a tile to show `stream` in: the one made ahead when there is one (a remote camera)
   * and no other tile shows it (someone shown twice gets a second); otherwise a new one.
   */
  take(stream: MediaStream | null): HTMLVideoElement {
    const ready = stream && [...this.ahead.values()].find((video) => video.srcObject === stream);
    return ready && !ready.isConnected ? ready : newPlayer(stream);
  }

  /** A tile is done with `video`: one made ahead keeps playing, out of the page; any other stops. */
  giveBack(video: HTMLVideoElement): void {
    if ([...this.ahead.values()].includes(video)) video.remove();
    else stop(video);
  }

  dispose(): void {
    for (const video of this.ahead.values()) this.drop(video);
    this.ahead.clear();
  }

  /** No longer ready for anyone: stopped now, or when the tile showing it gives it back. */
  private drop(video: HTMLVideoElement): void {
    if (!video.isConnected) stop(video);
  }
}

function newPlayer(stream: MediaStream | null): HTMLVideoElement {
  const video = document.createElement("video");
  // Voices play elsewhere (RemoteAudio), heard whether or not a tile shows the person.
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.srcObject = stream;
  return video;
}

function stop(video: HTMLVideoElement): void {
  video.remove();
  video.srcObject = null;
}
