/** "Ada and Linus are here": who is already in the meeting, as the pre-join screen says it. */
export function describePresence(names: readonly string[]): string {
  if (names.length === 0) return "No one else is here yet";
  if (names.length === 1) return `${names[0]} is here`;
  if (names.length <= 3) return `${names.slice(0, -1).join(", ")} and ${names.at(-1)} are here`;
  const others = names.length - 2;
  return `${names.slice(0, 2).join(", ")} and ${others} others are here`;
}

export function describeRoomFull(capacity: number): string {
  return `This meeting is full (${capacity} of ${capacity}).`;
}

/** One or two letters for a tile with no video. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words.at(-1)] : [words[0]];
  return letters.map((word) => Array.from(word ?? "")[0]?.toUpperCase() ?? "").join("") || "?";
}

/** "Ada is recording this meeting." / "You and Bea are recording this meeting."; null when nobody is. */
export function describeRecorders(others: readonly string[], youToo: boolean): string | null {
  const all = youToo ? ["You", ...others] : [...others];
  if (all.length === 0) return null;
  const list = all.length === 1 ? all[0] : `${all.slice(0, -1).join(", ")} and ${all.at(-1)}`;
  return `${list} ${all.length === 1 && !youToo ? "is" : "are"} recording this meeting.`;
}
