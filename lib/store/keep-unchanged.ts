/**
 * `next`, with every part of it that equals the same part of `previous` (plain objects and arrays,
 * compared by value) replaced by `previous`'s own: a roster that changes one person leaves everyone
 * else's object, and a roster that changes nobody the whole list, as it was. What reads the store
 * by identity (a selector, a memo, a tile's props) then sees no change where there is none, and
 * nothing re-renders for a message that only repeats what the page already knows.
 */
export function keepUnchanged<T>(previous: T, next: T): T {
  if (Object.is(previous, next)) return previous;
  if (Array.isArray(previous) && Array.isArray(next)) {
    const kept = next.map((item, i) => keepUnchanged(previous[i], item));
    const same = kept.length === previous.length && kept.every((item, i) => item === previous[i]);
    return (same ? previous : kept) as T;
  }
  if (!isPlainObject(previous) || !isPlainObject(next)) return next;
  const keys = Object.keys(next);
  const kept: Record<string, unknown> = {};
  for (const key of keys) kept[key] = keepUnchanged(previous[key], next[key]);
  const same =
    keys.length === Object.keys(previous).length &&
    keys.every((key) => Object.hasOwn(previous, key) && kept[key] === previous[key]);
  return (same ? previous : kept) as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
