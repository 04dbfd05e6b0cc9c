/** A picture of the person's own for their background: checked, decoded, and no larger than needed. */
import { checkUpload, type BackgroundChoice, type UploadProblem } from "./choice";

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
