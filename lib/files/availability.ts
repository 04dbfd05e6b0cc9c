import type { MediaRoute } from "../protocol";

/** The SFU carries no data: files go only directly between two people, which a large meeting has not. */
export const FILES_NOT_ON_SFU =
  "Files can't be sent in a large meeting: its video goes through the media server, and files only go directly between two people.";

/** Why no file can be sent now, in words, or null when one can. */
export function filesUnavailable(others: number, route: MediaRoute): string | null {
  if (others === 0) return "Files can be sent once someone else joins.";
  if (route === "sfu") return FILES_NOT_ON_SFU;
  return null;
}
