import type { FilterSpec, Locale } from '../../../layers/kit/define';
import { text } from '../../../layers/kit/define';
import { useLayersStore } from '../../state/layers';
import './LayerFilters.css';

/** Checkbox groups, one per filter a layer offers; nothing ticked means no filter. */
export function LayerFilters({
  layerId,
  specs,
  locale,
  label,
}: {
  layerId: string;
  specs: FilterSpec[];
  locale: Locale;
  label: string;
}) {
  const chosen = useLayersStore((s) => s.filters[layerId]);
  const setFilter = useLayersStore((s) => s.setFilter);
  if (specs.length === 0) return null;
  return (
    <fieldset className="layer-filters" aria-label={label}>
      {specs.map((spec) => {
        const values = chosen?.[spec.key] ?? [];
        return (
          <fieldset key={spec.key} className="layer-filters__set">
            <legend>{text(locale, spec.label)}</legend>
            {spec.options.map((o) => (
              <label key={o.value} className="layer-filters__option">
                <input
                  type="checkbox"
                  checked={values.includes(o.value)}
                  onChange={(e) =>
                    setFilter(
                      layerId,
                      spec.key,
                      e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value),
                    )
                  }
                />
                {text(locale, o.label)}
              </label>
            ))}
          </fieldset>
        );
      })}
    </fieldset>
  );
}
