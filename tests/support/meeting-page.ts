/** What a participant does and sees in a meeting page, in terms of roles and names. */
import { expect } from "vitest";
import type { Page } from "playwright-core";

export async function joinFromPreJoin(page: Page, name: string): Promise<void> {
  await page.getByRole("textbox", { name: "Your name" }).fill(name);
  const joinNow = page.getByRole("button", { name: "Join now", disabled: false });
  await joinNow.click({ timeout: 20_000 });
  // In the call, not the pre-join preview (which is a local tile too).
  await page.getByRole("button", { name: "Leave" }).waitFor({ timeout: 20_000 });
}

export const SELF_TILE = '[data-local="true"][data-participant-id]';
export const REMOTE_CAMERA_TILES = '[data-local="false"][data-participant-id]';
export const REMOTE_SCREEN_TILES = '[data-screen="remote"]';

export interface TileVideo {
  id: string;
  videoWidth: number;
  videoHeight: number;
  framesDecoded: number;
  /** RTP packets received for the tile's track: tells a sender that stopped from a receiver that did. */
  packetsReceived: number;
}

/**
 * Run in the page (of either engine): per remote tile matching `selector`, the owner's id, the
 * video's size, and frames decoded from its track by the page's peer connections.
 */
export async function readTileVideos(selector: string): Promise<TileVideo[]> {
  const tiles = [...document.querySelectorAll<HTMLElement>(selector)];
  const { peerConnections } = (window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } })
    .__parley;
  const byTrack = new Map<string, { frames: number; packets: number }>();
  for (const pc of peerConnections) {
    if (pc.connectionState === "closed") continue;
    const stats = await pc.getStats();
    stats.forEach(
      (report: {
        type: string;
        kind?: string;
        trackIdentifier?: string;
        framesDecoded?: number;
        packetsReceived?: number;
      }) => {
        // Summed: a track whose sender starts a new stream (a new SSRC) has a report for each.
        if (report.type === "inbound-rtp" && report.kind === "video" && report.trackIdentifier) {
          const sum = byTrack.get(report.trackIdentifier) ?? { frames: 0, packets: 0 };
          sum.frames += report.framesDecoded ?? 0;
          sum.packets += report.packetsReceived ?? 0;
          byTrack.set(report.trackIdentifier, sum);
        }
      },
    );
  }
  return tiles.map((tile) => {
    const video = tile.querySelector("video");
    const stream = video?.srcObject instanceof MediaStream ? video.srcObject : null;
    const track = stream?.getVideoTracks()[0];
    const received = track ? byTrack.get(track.id) : undefined;
    return {
      id: tile.dataset.participantId ?? tile.dataset.screenOf ?? "",
      videoWidth: video?.videoWidth ?? 0,
      videoHeight: video?.videoHeight ?? 0,
      framesDecoded: received?.frames ?? 0,
      packetsReceived: received?.packets ?? 0,
    };
  });
}

/** Per remote tile (cameras unless told otherwise): the owner's id, the video's size, frames decoded. */
export const remoteVideoStats = (page: Page, tileSelector = REMOTE_CAMERA_TILES) =>
  page.evaluate(readTileVideos, tileSelector);

export interface FlowBounds {
  /** How long every tile must keep decoding new frames. */
  windowMs?: number;
  /** How long the tiles may take to show a picture (at least 30 s), then such a window to come. */
  withinMs?: number;
}

/** `problems`, led by a wrong number of tiles if there is one. */
const withTileCount = (tiles: TileVideo[], count: number, problems: string[]) =>
  tiles.length === count ? problems : [`${tiles.length} tiles, not ${count}`, ...problems];

/** What keeps `tiles` from being `count` tiles with a picture, said per tile so a failure shows which. */
function tilesWithoutPicture(tiles: TileVideo[], count: number): string[] {
  const blank = tiles
    .filter((tile) => tile.videoWidth === 0 || tile.framesDecoded === 0)
    .map(
      (tile) =>
        `no picture from ${tile.id} (${tile.videoWidth}x${tile.videoHeight}, ${tile.framesDecoded} frames decoded of ${tile.packetsReceived} packets)`,
    );
  return withTileCount(tiles, count, blank);
}

/** What keeps `after` from being `count` tiles that each decoded new frames since `before`. */
function stalledTiles(before: TileVideo[], after: TileVideo[], count: number): string[] {
  const stalled = after
    .filter((tile) => {
      const earlier = before.find((t) => t.id === tile.id)?.framesDecoded ?? 0;
      return tile.videoWidth === 0 || tile.framesDecoded <= earlier;
    })
    .map(
      (tile) =>
        `no new frames from ${tile.id} (${tile.framesDecoded} decoded, ${tile.packetsReceived} packets)`,
    );
  return withTileCount(after, count, stalled);
}

/**
 * A read of the page that has not come back in 15 s counts as a failed try. `expect.poll` waits for
 * each try to settle, however long: a page that never answered would hold the wait past every bound
 * set here.
 */
const READ_BOUND_MS = 15_000;

function boundedRead<T>(read: () => Promise<T>): () => Promise<T> {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`The page did not answer within ${READ_BOUND_MS} ms`)),
        READ_BOUND_MS,
      );
    });
    try {
      return await Promise.race([read(), late]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Waits until `read` shows `count` tiles with a picture, then for a window in which every one of
 * them decodes new frames. A video that pauses for a moment passes once it moves again (Chromium's
 * encoder can take ~3 s to start again at a larger size, after a screen share ends); one frozen for
 * longer than `withinMs` fails.
 */
export async function expectVideosFlowing(
  read: () => Promise<TileVideo[]>,
  count: number,
  { windowMs = 1500, withinMs = 6000 }: FlowBounds = {},
): Promise<void> {
  const readInTime = boundedRead(read);
  await expect
    .poll(async () => tilesWithoutPicture(await readInTime(), count), {
      timeout: Math.max(30_000, withinMs),
      interval: 500,
    })
    .toEqual([]);
  await expect
    .poll(
      async () => {
        const before = await readInTime();
        await new Promise((resolve) => setTimeout(resolve, windowMs));
        return stalledTiles(before, await readInTime(), count);
      },
      { timeout: withinMs + windowMs, interval: 0 },
    )
    .toEqual([]);
}

/** Waits until the page shows `count` remote tiles, each with frames decoding and still rising. */
export const expectRemoteVideosFlowing = (
  page: Page,
  count: number,
  tileSelector = REMOTE_CAMERA_TILES,
  bounds?: FlowBounds,
) => expectVideosFlowing(() => remoteVideoStats(page, tileSelector), count, bounds);

export function liveLocalTrackCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (window as unknown as { __parley: { localTracks: MediaStreamTrack[] } }).__parley.localTracks.filter(
        (track) => track.readyState === "live",
      ).length,
  );
}

/** Everything the page announces as an alert, as one string (Next.js keeps an empty one of its own). */
export async function alertText(page: Page): Promise<string> {
  return (await page.getByRole("alert").allTextContents()).join(" ");
}

/** Picks the file in the sender's Files panel, for `recipient` (a name, or "Everyone"). */
export async function sendFileFrom(page: Page, path: string, recipient: string): Promise<void> {
  const toggle = page.getByRole("button", { name: "Files", exact: true });
  if ((await toggle.getAttribute("aria-pressed")) !== "true") await toggle.click();
  await page.getByRole("combobox", { name: "Send to" }).selectOption({ label: recipient });
  const [chooser] = await Promise.all([
    page.waitForEvent("filechooser"),
    page.getByRole("button", { name: "Send file" }).click(),
  ]);
  await chooser.setFiles(path);
}

export const transferItem = (page: Page, name: string) =>
  page.getByRole("list", { name: "Transfers" }).getByRole("listitem", { name });

/**
 * Per connected link at `page`: the first encoding of its camera line and of its microphone line,
 * found by the line's kind, so a line held with no track on it yet is read too.
 */
export function senderEncodings(page: Page) {
  return page.evaluate(readSenderEncodings);
}

/** Run in the page (either engine's): each connected call's camera and microphone encodings. */
export function readSenderEncodings() {
  const { peerConnections } = (window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } })
    .__parley;
  return peerConnections
    .filter((pc) => pc.connectionState === "connected")
    .map((pc) => {
      const encoding = (kind: string) =>
        pc
          .getTransceivers()
          .find((line) => line.receiver.track.kind === kind)
          ?.sender.getParameters().encodings[0];
      return { video: encoding("video"), audio: encoding("audio") };
    });
}

/**
 * Plain JavaScript, not a serialized function, so that no compiler's helpers (tsx names functions)
 * leak into the page: per remote tile's video, every presented frame's time, keeping the longest gap.
 */
const FREEZE_WATCHER = `(() => {
  const state = { longest: 0, last: new Map(), running: true };
  window.__freezes = state;
  for (const video of document.querySelectorAll('[data-local="false"] video')) {
    const onFrame = (now) => {
      const last = state.last.get(video);
      if (last !== undefined) state.longest = Math.max(state.longest, now - last);
      state.last.set(video, now);
      if (state.running) video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  }
})()`;

/** The longest time, in ms, any remote tile's video went without a new frame, from now until `stop`. */
export async function watchFreezes(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(FREEZE_WATCHER);
  return () =>
    page.evaluate(
      "window.__freezes.running = false, Math.round(window.__freezes.longest)",
    ) as Promise<number>;
}

/** The state of every peer connection the page has made since it loaded, closed ones included. */
export const peerConnectionStates = (page: Page) =>
  page.evaluate(() =>
    (
      window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } }
    ).__parley.peerConnections.map((pc) => pc.connectionState),
  );

/** How many of the page's peer connections are open: one per other person in a mesh, two or three on the SFU. */
export const openPeerConnections = async (page: Page) =>
  (await peerConnectionStates(page)).filter((state) => state !== "closed").length;

/** Run in the page: how many inbound streams of this kind are receiving, their bytes rising over two seconds. */
export async function countReceiving(kind: string): Promise<number> {
  const { peerConnections } = (window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } })
    .__parley;
  const read = async () => {
    const bytes = new Map<string, number>();
    for (const pc of peerConnections) {
      if (pc.connectionState === "closed") continue;
      (await pc.getStats()).forEach(
        (report: { type: string; kind?: string; id: string; bytesReceived?: number }) => {
          if (report.type === "inbound-rtp" && report.kind === kind)
            bytes.set(report.id, report.bytesReceived ?? 0);
        },
      );
    }
    return bytes;
  };
  const before = await read();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = await read();
  return [...after].filter(([id, bytes]) => bytes > (before.get(id) ?? 0)).length;
}

/**
 * Run in the page: the brightest colour value (0-255) of a frame of each video it receives now, or
 * -1 for one that shows no frame within three seconds.
 */
export async function receivedVideoBrightness(): Promise<number[]> {
  const { peerConnections } = (window as unknown as { __parley: { peerConnections: RTCPeerConnection[] } })
    .__parley;
  const tracks = peerConnections
    .filter((pc) => pc.connectionState !== "closed")
    .flatMap((pc) => pc.getReceivers().map((receiver) => receiver.track))
    .filter((track) => track.kind === "video" && track.readyState === "live");
  const brightest = (track: MediaStreamTrack) =>
    new Promise<number>((resolve) => {
      const video = document.createElement("video");
      video.muted = true;
      video.style.width = "4px";
      video.srcObject = new MediaStream([track]);
      document.body.append(video);
      const done = (value: number) => {
        clearTimeout(timer);
        video.remove();
        resolve(value);
      };
      const timer = setTimeout(() => done(-1), 3000);
      video.requestVideoFrameCallback(() => {
        const canvas = new OffscreenCanvas(video.videoWidth, video.videoHeight);
        const context = canvas.getContext("2d", { willReadFrequently: true });
        if (!context) return done(-1);
        context.drawImage(video, 0, 0);
        const { data } = context.getImageData(0, 0, video.videoWidth, video.videoHeight);
        let max = 0;
        for (let i = 0; i < data.length; i += 4) max = Math.max(max, data[i]!, data[i + 1]!, data[i + 2]!);
        done(max);
      });
      void video.play();
    });
  return Promise.all(tracks.map(brightest));
}

export interface Picture {
  /** Mean difference between neighbouring pixels' brightness: high for sharp edges, low for blur. */
  sharpness: number;
  /** Mean colour of the top quarter, where a background picture shows above the person. */
  top: [number, number, number];
}

/** What the video in the first tile matching `selector` shows now. */
export function lookAt(page: Page, selector: string): Promise<Picture> {
  return page.evaluate((selector) => {
    const video = document.querySelector<HTMLVideoElement>(`${selector} video`);
    if (!video || video.videoWidth === 0)
      return { sharpness: -1, top: [0, 0, 0] as [number, number, number] };
    const [width, height] = [video.videoWidth, video.videoHeight];
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext("2d", { willReadFrequently: true });
    if (!context) throw new Error("no 2D canvas");
    context.drawImage(video, 0, 0);
    const { data } = context.getImageData(0, 0, width, height);
    const brightness = (x: number, y: number) => {
      const i = (y * width + x) * 4;
      return 0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0);
    };
    let edges = 0;
    for (let y = 0; y < height - 1; y++)
      for (let x = 0; x < width - 1; x++) {
        const here = brightness(x, y);
        edges += Math.abs(brightness(x + 1, y) - here) + Math.abs(brightness(x, y + 1) - here);
      }
    const topPixels = width * Math.floor(height / 4);
    const meanOf = (channel: number) => {
      let sum = 0;
      for (let i = 0; i < topPixels; i++) sum += data[i * 4 + channel] ?? 0;
      return sum / topPixels;
    };
    const top: [number, number, number] = [meanOf(0), meanOf(1), meanOf(2)];
    return { sharpness: edges / ((width - 1) * (height - 1)), top };
  }, selector);
}

/** The top of the Meadow background: its sky. */
export const isSkyBlue = ([red, , blue]: [number, number, number]) => blue > 200 && blue - red > 60;
