/** Estimates of label sizes, to lay charts out before they are drawn (no canvas needed). */

/** Rough width of a label in px: CJK glyphs are square, Latin ones about half as wide. */
export function textPx(text: string, fontPx = 12): number {
  let w = 0;
  for (const ch of text) {
    if (/[\u2e80-\uffff]/.test(ch)) w += fontPx;
    else if (/[\s,.:;'|]/.test(ch)) w += fontPx * 0.3;
    else w += fontPx * 0.58;
  }
  return Math.ceil(w);
}

/** How many rows a legend of these labels takes in `widthPx` (icon and gap per item). */
export function legendRows(labels: string[], widthPx: number): number {
  let rows = 1;
  let x = 0;
  for (const label of labels) {
    const w = 12 + 5 + textPx(label);
    if (x > 0 && x + w > widthPx) {
      rows++;
      x = 0;
    }
    x += w + 10;
  }
  return rows;
}
