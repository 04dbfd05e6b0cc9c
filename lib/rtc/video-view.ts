/**
 * How large a receiver shows each participant's camera, so that the sender sends no more than that:
 * a thumbnail needs a fraction of the pixels of a full tile, and a tile nobody can see (on another
 * page of the grid, the page in a background tab) needs none. In a mesh each sender encodes one copy
 * per receiver, so sending less to one receiver saves the sender's CPU and uplink as well as the
 * receiver's decoding.
 */
import { MAX_VIEW_HEIGHT } from "../protocol";

/** Few steps, so that resizing a window does not send a message per pixel. */
export const VIEW_STEPS = [180, 270, 360, 540, 720, 1080, 2160] as const;

export interface TileBox {
  /** On screen: in the viewport, in a visible page, or floating in picture-in-picture. */
  visible: boolean;
  /** CSS pixels. */
  width: number;
  height: number;
  pixelRatio: number;
}

/** The camera height to ask for, in device pixels; 0 asks the sender to pause. */
export function wantedHeight({ visible, width, height, pixelRatio }: TileBox): number {
  if (!visible) return 0;
  // Tiles crop to fill (object-cover): a 4:3 camera in a wide tile is drawn taller than the tile.
  const needed = Math.max(height, (width * 3) / 4) * pixelRatio;
  return VIEW_STEPS.find((step) => step >= needed) ?? MAX_VIEW_HEIGHT;
}

/**
 * Watches how a remote camera is shown (its size, whether it is on screen, in a visible tab, or in
 * picture-in-picture) and says how tall it should be sent, whenever that changes. Returns how to stop.
 */
export function watchVideoView(video: HTMLVideoElement, onHeight: (maxHeight: number) => void): () => void {
  if (typeof IntersectionObserver === "undefined") return () => {};
  // Unknown until the first intersection is measured. A size can be reported before that, and a
  // "not shown" then would pause the sender's video just as the tile appears (and its restart waits
  // for a new key frame), so nothing is said until it is known.
  let inViewport: boolean | null = null;
  // As the observers measured it: reading it back from the element would force a layout in the
  // middle of the call screen's first frames, once per tile.
  let size = { width: 0, height: 0 };
  const report = () => {
    if (inViewport === null) return;
    const floating = document.pictureInPictureElement === video;
    const visible = floating || (inViewport && document.visibilityState === "visible");
    // A floating window's size is not the tile's: send it full, the window may be made large.
    const box = floating ? { width: Infinity, height: Infinity } : size;
    onHeight(wantedHeight({ visible, ...box, pixelRatio: devicePixelRatio }));
  };
  const intersection = new IntersectionObserver((entries) => {
    const latest = entries.at(-1);
    if (latest) size = { width: latest.boundingClientRect.width, height: latest.boundingClientRect.height };
    inViewport = entries.some((entry) => entry.isIntersecting);
    report();
  });
  const resize = new ResizeObserver((entries) => {
    const box = entries.at(-1)?.contentRect;
    if (box) size = { width: box.width, height: box.height };
    report();
  });
  intersection.observe(video);
  resize.observe(video);
  document.addEventListener("visibilitychange", report);
  video.addEventListener("enterpictureinpicture", report);
  video.addEventListener("leavepictureinpicture", report);
  return () => {
    intersection.disconnect();
    resize.disconnect();
    document.removeEventListener("visibilitychange", report);
    video.removeEventListener("enterpictureinpicture", report);
    video.removeEventListener("leavepictureinpicture", report);
  };
}
