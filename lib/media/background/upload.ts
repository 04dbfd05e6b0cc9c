/** A picture of the person's own for their background: checked, decoded, and no larger than needed. */
import type { BackgroundChoice } from "./choice";

/** Pictures of the person's own: an image of at most 10 MB that the browser can decode. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export type UploadProblem = "not-an-image" | "too-large" | "unreadable";

export function checkUpload(file: Pick<File, "type" | "size">): UploadProblem | null {
  if (!file.type.startsWith("image/")) return "not-an-image";
  if (file.size > MAX_UPLOAD_BYTES) return "too-large";
  return null;
}

export function describeUploadProblem(problem: UploadProblem): string {
  switch (problem) {
    case "not-an-image":
      return "That file isn't a picture. Choose a JPEG, PNG or WebP image.";
    case "too-large":
      return "That picture is larger than 10 MB. Choose a smaller one.";
    case "unreadable":
      return "That picture couldn't be opened. Choose another one.";
  }
}

/** Wider than any camera frame it will stand behind. */
const MAX_WIDTH = 1920;

export async function readUpload(
  file: File,
): Promise<{ choice: Extract<BackgroundChoice, { kind: "upload" }> } | { problem: UploadProblem }> {
  const problem = checkUpload(file);
  if (problem) return { problem };
  try {
    const decoded = await createImageBitmap(file);
    if (decoded.width <= MAX_WIDTH) return { choice: { kind: "upload", name: file.name, image: decoded } };
    const height = Math.round((decoded.height * MAX_WIDTH) / decoded.width);
    const image = await createImageBitmap(decoded, { resizeWidth: MAX_WIDTH, resizeHeight: height });
    decoded.close();
    return { choice: { kind: "upload", name: file.name, image } };
  } catch {
    return { problem: "unreadable" };
  }
}
