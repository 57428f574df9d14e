/** An ILIKE pattern matching text that contains `search` literally (its %, _ and \ escaped). */
export function containsPattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
