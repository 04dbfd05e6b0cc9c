// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { StreamPlayers } from "@/lib/media/stream-players";
import { asMediaStream, fakeStream } from "./components/fake-media";

const camera = () => asMediaStream(fakeStream("audio", "video"));

/** What a tile does with a player: put it on the page. */
function show<T extends HTMLMediaElement>(player: T): T {
  document.body.append(player);
  return player;
}

describe("StreamPlayers", () => {
  it("gives a tile the player made when the stream arrived: muted, playing inline, out of the page until then", () => {
    const players = new StreamPlayers();
    const stream = camera();
    players.prepare("p1", stream);

    const video = players.take("video", stream);
    expect(video.srcObject).toBe(stream);
    expect(video.muted).toBe(true);
    expect(video.autoplay).toBe(true);
    expect(video.playsInline).toBe(true);
    expect(video.isConnected).toBe(false);
    expect(players.take("video", stream)).toBe(video);
  });

  it("gives a second tile showing the same person a player of its own", () => {
    const players = new StreamPlayers();
    const stream = camera();
    players.prepare("p1", stream);
    const first = show(players.take("video", stream));

    const second = players.take("video", stream);
    expect(second).not.toBe(first);
    expect(second.srcObject).toBe(stream);
  });

  it("keeps a player made ahead playing when its tile goes, for the next tile to show", () => {
    const players = new StreamPlayers();
    const stream = camera();
    players.prepare("p1", stream);
    const video = show(players.take("video", stream));

    players.giveBack(video);
    expect(video.isConnected).toBe(false);
    expect(video.srcObject).toBe(stream);
    expect(players.take("video", stream)).toBe(video);
  });

  it("stops a player made for the tile alone (one's own preview, a screen) when the tile is done", () => {
    const players = new StreamPlayers();
    const preview = camera();
    const video = show(players.take("video", preview));
    expect(video.srcObject).toBe(preview);

    players.giveBack(video);
    expect(video.isConnected).toBe(false);
    expect(video.srcObject).toBeNull();
  });

  it("stops a person's old player when a new stream of theirs arrives, or once a tile showing it is done", () => {
    const players = new StreamPlayers();
    const [before, shownBefore, after] = [camera(), camera(), camera()];
    players.prepare("p1", before);
    const unseen = players.take("video", before);
    players.prepare("p1", after);
    expect(unseen.srcObject).toBeNull();
    expect(players.take("video", after).srcObject).toBe(after);

    players.prepare("p2", shownBefore);
    const shown = show(players.take("video", shownBefore));
    players.prepare("p2", camera());
    expect(shown.srcObject).toBe(shownBefore);
    players.giveBack(shown);
    expect(shown.srcObject).toBeNull();
  });

  it("does not make a second player for a stream it has one for", () => {
    const players = new StreamPlayers();
    const stream = camera();
    players.prepare("p1", stream);
    const video = players.take("video", stream);
    players.prepare("p1", stream);
    expect(players.take("video", stream)).toBe(video);
    expect(video.srcObject).toBe(stream);
  });

  it("stops the players of people no longer in the meeting, and all of them when disposed", () => {
    const players = new StreamPlayers();
    const [ada, linus] = [camera(), camera()];
    players.prepare("ada", ada);
    players.prepare("linus", linus);
    const [adaVideo, linusVideo] = [players.take("video", ada), players.take("video", linus)];

    players.keepOnly(new Set(["ada"]));
    expect(linusVideo.srcObject).toBeNull();
    expect(adaVideo.srcObject).toBe(ada);
    expect(players.take("video", linus)).not.toBe(linusVideo);

    players.dispose();
    expect(adaVideo.srcObject).toBeNull();
  });

  it("makes each person's voice ahead too, silent out of the page, and silent again when given back", () => {
    const players = new StreamPlayers();
    const stream = camera();
    players.prepare("p1", stream);

    const voice = players.take("audio", stream);
    expect(voice).toBeInstanceOf(HTMLAudioElement);
    expect(voice.srcObject).toBe(stream);
    expect(voice.muted).toBe(true);
    expect(voice.autoplay).toBe(true);
    show(voice).muted = false;

    players.giveBack(voice);
    expect(voice.isConnected).toBe(false);
    expect(voice.muted).toBe(true);
    expect(voice.srcObject).toBe(stream);
    expect(players.take("audio", stream)).toBe(voice);
  });
});
