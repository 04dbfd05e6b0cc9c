/**
 * The full mesh's code (the Mesh and its peer links) is loaded once it is needed, not with the page:
 * when there is someone on the pre-join screen to dial ahead, when the person shows they are about to
 * join, and at the latest by the join itself, which waits for it.
 */
import { onDemand } from "./on-demand";

const mesh = onDemand(() => import("./mesh"));

export const loadMesh = mesh.load;
export const loadedMesh = mesh.loaded;
