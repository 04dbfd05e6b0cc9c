/**
 * The `<video>` and `<audio>` elements remote people are seen and heard through. Each remote
 * stream's pair is made as soon as the stream arrives (a call dialled from the pre-join screen, or
 * to someone still on theirs), and plays out of the page, silent, until a tile or the call's voices
 * move it in. Making a player (the browser's media pipeline, its GPU channel, its audio output) takes
 * the page's main thread tens of milliseconds each: made when the call screen first shows them, at
 * the join, that work sits under the call's first pictures; made ahead, they are warm and show the
 * next frame. A tile that goes and comes back (page turns, pins, layout changes) gets the same
 * player, still showing the last frame, rather than a blank one.
 */

type Kind = "video" | "audio";
type PlayerOf<K extends Kind> = HTMLElementTagNameMap[K];

interface Players {
  video: HTMLVideoElement;
  audio: HTMLAudioElement;
}

export class StreamPlayers {
  /** By participant: one camera and microphone stream each. */
  private readonly ahead = new Map<string, Players>();

  /** Makes players ready for a participant's stream, in place of those for the stream before. */
  prepare(peerId: string, stream: MediaStream): void {
    // Not in a page (the call logic runs under Node in tests): there is nothing to play in.
    if (typeof document === "undefined") return;
    const before = this.ahead.get(peerId);
    if (before?.video.srcObject === stream) return;
    if (before) this.drop(before);
    this.ahead.set(peerId, { video: newPlayer("video", stream), audio: newPlayer("audio", stream) });
  }

  /** Stops the players of everyone not among `peerIds` (they left, or never came in). */
  keepOnly(peerIds: ReadonlySet<string>): void {
    for (const [peerId, players] of this.ahead) {
      if (peerIds.has(peerId)) continue;
      this.ahead.delete(peerId);
      this.drop(players);
    }
  }

  /**
   * A player of `stream` to put on the page: the one made ahead when there is one (a remote person's
   * stream) and it is not on the page already (someone shown twice gets a second); otherwise a new
   * one. Silent: whoever takes an `<audio>` says when it is to be heard.
   */
  take<K extends Kind>(kind: K, stream: MediaStream | null): PlayerOf<K> {
    const ready = this.madeFor(stream)?.[kind] as PlayerOf<K> | undefined;
    return ready && !ready.isConnected ? ready : newPlayer(kind, stream);
  }

  /** Done with `player`: one made ahead keeps playing, silent and out of the page; any other stops. */
  giveBack(player: HTMLMediaElement): void {
    const madeAhead = [...this.ahead.values()].some(
      ({ video, audio }) => player === video || player === audio,
    );
    if (!madeAhead) return stop(player);
    player.remove();
    player.muted = true;
  }

  dispose(): void {
    for (const players of this.ahead.values()) this.drop(players);
    this.ahead.clear();
  }

  private madeFor(stream: MediaStream | null): Players | undefined {
    return stream ? [...this.ahead.values()].find(({ video }) => video.srcObject === stream) : undefined;
  }

  /** No longer ready for anyone: stopped now, or when whoever shows them gives them back. */
  private drop({ video, audio }: Players): void {
    for (const player of [video, audio]) if (!player.isConnected) stop(player);
  }
}

function newPlayer<K extends Kind>(kind: K, stream: MediaStream | null): PlayerOf<K> {
  const player = document.createElement(kind);
  // Pictures are muted for good: voices play apart from tiles (RemoteAudio), heard whether or not a
  // tile shows the person. A voice is heard only once the call's voices take it in.
  player.muted = true;
  player.autoplay = true;
  if (player instanceof HTMLVideoElement) player.playsInline = true;
  player.srcObject = stream;
  return player;
}

function stop(player: HTMLMediaElement): void {
  player.remove();
  player.srcObject = null;
}
