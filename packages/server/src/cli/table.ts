/** Plain-text tables for people at a terminal (scripts use `--json`). */

/** Shortens `text` to `max` characters, marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** Lines of a table: a header, then rows; columns padded to their widest cell, the last not. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

/** `2025-10-20T04:00:00.000Z` as `2025-10-20 04:00Z`. */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}

/** Localised text (`{ en: …, ur: … }`) in English, or else its first language. */
export function english(text: Readonly<Record<string, string>>): string {
  return text['en'] ?? Object.values(text)[0] ?? '';
}
