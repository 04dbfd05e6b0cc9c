/**
 * The photo booth: one frame of a video as a PNG, at the video's own resolution, downloaded. The frame
 * is taken as the camera sees it, not mirrored, which is how everyone else sees that person.
 */
export async function captureFrame(video: HTMLVideoElement): Promise<Blob> {
  const { videoWidth: width, videoHeight: height } = video;
  if (width === 0 || height === 0) throw new Error("There is no picture to take yet.");
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("This browser can't take snapshots.");
  context.drawImage(video, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error("The snapshot could not be made."))),
      "image/png",
    ),
  );
}

export function snapshotFileName(name: string, at: Date): string {
  const safeName = name.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "snapshot";
  const stamp = at.toISOString().slice(0, 19).replace(/[T:]/g, "-");
  return `parley-${safeName}-${stamp}.png`;
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  // The click has started the download; the URL is not needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
