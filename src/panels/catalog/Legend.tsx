import { cssColor, type Legend as LegendData } from '../../catalog/legend';
import './Legend.css';

/** A layer's legend (src/catalog/legend.ts): swatches drawn in CSS with the exact colours the layer uses. */
export function Legend({ legend, label }: { legend: LegendData; label: string }) {
  return (
    <ul className="legend" aria-label={label}>
      {legend.entries.map((item) => (
        <li
          key={`${item.shape}-${item.label}`}
          className="legend__item"
          data-color={item.color.join(',')}
          data-shape={item.shape}
        >
          <span
            className={`legend__swatch legend__swatch--${item.shape}`}
            style={
              item.shape === 'ring' || item.shape === 'line'
                ? { borderColor: cssColor(item.color) }
                : { background: cssColor(item.color) }
            }
            aria-hidden="true"
          />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
