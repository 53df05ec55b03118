/** "a@x.com, b@y.com\nc@z.com" → ["a@x.com", "b@y.com", "c@z.com"]: trimmed, no blanks, no repeats. */
export function parseList(text: string, { caseInsensitive = false } = {}): string[] {
  const seen = new Set<string>();
  const items: string[] = [];
  for (const raw of text.split(/[,\n]/)) {
    const item = raw.trim();
    if (!item) continue;
    const key = caseInsensitive ? item.toLowerCase() : item;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(item);
  }
  return items;
}

/** One item per line, for a textarea. */
export function formatList(items: readonly string[]): string {
  return items.join('\n');
}
