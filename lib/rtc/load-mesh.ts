/**
 * The full mesh's code (the Mesh and its peer links) is loaded once it is needed, not with the page:
 * when there is someone on the pre-join screen to dial ahead, when the person shows they are about to
 * join, and at the latest by the join itself, which waits for it.
 */
type MeshModule = typeof import("./mesh");

let loaded: MeshModule | null = null;
let loading: Promise<MeshModule> | null = null;

export function loadMesh(): Promise<MeshModule> {
  loading ??= import("./mesh").then(
    (mesh) => (loaded = mesh),
    (error: unknown) => {
      // A failed download is tried again next time, not remembered.
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** The mesh's code, if it has loaded. */
export function loadedMesh(): MeshModule | null {
  return loaded;
}
