/** Why no file can be sent now, in words, or null when one can. */
export function filesUnavailable(others: number): string | null {
  return others === 0 ? "Files can be sent once someone else joins." : null;
}
