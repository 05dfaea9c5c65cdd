import type { LegendItem, Locale } from '../../../layers/kit/define';
import { text } from '../../../layers/kit/define';

const css = (c: LegendItem['color']) => `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${(c[3] / 255).toFixed(2)})`;

/** A layer's legend: swatches drawn in CSS with the exact colours the layer uses. */
export function Legend({ items, locale, label }: { items: LegendItem[]; locale: Locale; label: string }) {
  return (
    <ul className="legend" aria-label={label}>
      {items.map((item) => (
        <li key={`${item.shape}-${text(locale, item.label)}`} className="legend__item">
          <span
            className={`legend__swatch legend__swatch--${item.shape}`}
            style={
              item.shape === 'ring' || item.shape === 'line'
                ? { borderColor: css(item.color) }
                : { background: css(item.color) }
            }
            aria-hidden="true"
          />
          {text(locale, item.label)}
        </li>
      ))}
    </ul>
  );
}
