/**
 * Code that loads once it is needed, not with the page: the mesh's calls on the way into a meeting,
 * the SFU's transport only for a large one. A download that failed is tried again on the next call
 * rather than remembered; one still on its way is shared by every call meanwhile (so a caller that
 * gave up waiting on it and calls again waits on the same download, which the browser bounds).
 */
export interface OnDemand<M> {
  load(): Promise<M>;
  /** The code, if it has loaded. */
  loaded(): M | null;
}

export function onDemand<M>(download: () => Promise<M>): OnDemand<M> {
  let loaded: M | null = null;
  let loading: Promise<M> | null = null;
  return {
    load() {
      loading ??= download().then(
        (code) => (loaded = code),
        (error: unknown) => {
          loading = null;
          throw error;
        },
      );
      return loading;
    },
    loaded: () => loaded,
  };
}
