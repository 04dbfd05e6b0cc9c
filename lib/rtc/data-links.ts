import type { LinkSignal } from "../protocol";

/**
 * The ids of data-only links (files in a meeting on the SFU, see data-mesh.ts) start with this, so
 * their signals are told from a media mesh's by the page that receives them.
 */
export const DATA_LINK_PREFIX = "files-";

export const isDataSignal = (signal: Pick<LinkSignal, "fromLink">) =>
  signal.fromLink.startsWith(DATA_LINK_PREFIX);
