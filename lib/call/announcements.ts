/** What changed in the roster, as sentences for a screen reader: "Bea joined", "Ada raised their hand". */
import type { Participant } from "../protocol";

export function describeRosterChange(
  before: readonly Participant[],
  after: readonly Participant[],
  selfId: string | null,
): string[] {
  const was = new Map(before.map((p) => [p.id, p]));
  const now = new Map(after.map((p) => [p.id, p]));
  const sentences: string[] = [];
  for (const person of after) {
    if (person.id === selfId) continue;
    const previous = was.get(person.id);
    if (!previous) sentences.push(`${person.name} joined`);
    else if (person.handRaised && !previous.handRaised) sentences.push(`${person.name} raised their hand`);
    if (person.recording && !previous?.recording) sentences.push(`${person.name} started recording`);
    else if (previous?.recording && !person.recording) sentences.push(`${person.name} stopped recording`);
  }
  for (const person of before) {
    if (person.id !== selfId && !now.has(person.id)) sentences.push(`${person.name} left`);
  }
  return sentences;
}
