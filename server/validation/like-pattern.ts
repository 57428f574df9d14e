/** `text` with LIKE's special characters (%, _ and \) escaped, to match literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** An ILIKE pattern matching text that contains `search` literally (its %, _ and \ escaped). */
export function containsPattern(search: string): string {
  return `%${escapeLike(search)}%`;
}

/** ILIKE patterns matching text in which a word starts with `search` (the first word, or one after a space). */
export function wordPrefixPatterns(search: string): [string, string] {
  const escaped = escapeLike(search);
  return [`${escaped}%`, `% ${escaped}%`];
}
