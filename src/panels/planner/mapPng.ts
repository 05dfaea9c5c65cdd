/**
 * The map as a picture: the basemap and deck.gl canvases (both keep their drawing buffer)
 * drawn into one canvas, with a title band above and the legend of the layers that are on.
 */
import type { Theme } from '../../../layers/kit/define';
import { cssColor, type Legend } from '../../catalog/legend';

const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';

export function composeMapPng(
  mapElement: Element,
  opts: { title: string; subtitle: string; legends: Legend[]; theme: Theme },
): HTMLCanvasElement {
  const canvases = [...mapElement.querySelectorAll('canvas')];
  const box = mapElement.getBoundingClientRect();
  const w = Math.max(1, Math.round(box.width));
  const mapH = Math.max(1, Math.round(box.height));
  const band = 64;
  const out = document.createElement('canvas');
  out.width = w;
  out.height = mapH + band;
  const g = out.getContext('2d')!;
  const dark = opts.theme === 'dark';
  g.fillStyle = dark ? '#070d18' : '#eef1f5';
  g.fillRect(0, 0, out.width, out.height);
  for (const c of canvases) {
    const r = c.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    g.drawImage(c, r.left - box.left, band + r.top - box.top, r.width, r.height);
  }
  const ink = dark ? '#e2f0ff' : '#0f172a';
  const muted = dark ? '#8aa4c2' : '#475569';
  g.fillStyle = ink;
  g.font = `600 24px ${FONT}`;
  g.textBaseline = 'middle';
  g.fillText(opts.title, 20, 24);
  g.fillStyle = muted;
  g.font = `14px ${FONT}`;
  g.fillText(opts.subtitle, 20, 48);

  // Legend: one block per layer, bottom-left over the map.
  const rows = opts.legends.flatMap((l) => [
    { head: l.title },
    ...l.notes.map((n) => ({ note: n })),
    ...l.entries.map((i) => ({ item: i })),
  ]);
  if (rows.length) {
    const lineH = 22;
    const lw = 300;
    const lh = rows.length * lineH + 16;
    const x = 16;
    const y = out.height - lh - 16;
    g.fillStyle = dark ? 'rgba(11, 21, 36, 0.9)' : 'rgba(255, 255, 255, 0.92)';
    g.fillRect(x, y, lw, lh);
    g.strokeStyle = dark ? 'rgba(56, 189, 248, 0.5)' : 'rgba(14, 116, 144, 0.5)';
    g.strokeRect(x + 0.5, y + 0.5, lw, lh);
    rows.forEach((row, i) => {
      const cy = y + 8 + lineH * i + lineH / 2;
      if ('head' in row) {
        g.fillStyle = ink;
        g.font = `600 14px ${FONT}`;
        g.fillText(row.head, x + 10, cy);
        return;
      }
      if ('note' in row) {
        g.fillStyle = muted;
        g.font = `12px ${FONT}`;
        g.fillText(row.note, x + 14, cy, lw - 24);
        return;
      }
      g.fillStyle = cssColor(row.item.color);
      g.strokeStyle = g.fillStyle;
      g.lineWidth = 2;
      g.beginPath();
      if (row.item.shape === 'square' || row.item.shape === 'hexagon') g.rect(x + 14, cy - 6, 12, 12);
      else if (row.item.shape === 'line') g.rect(x + 12, cy - 1, 16, 3);
      else g.arc(x + 20, cy, 6, 0, Math.PI * 2);
      if (row.item.shape === 'ring') g.stroke();
      else g.fill();
      g.fillStyle = ink;
      g.font = `13px ${FONT}`;
      g.fillText(row.item.label, x + 36, cy);
    });
  }
  return out;
}
