/** Compare: map A shows the layers that are on, map B beside it the set chosen here. */
import { text } from '../../../layers/kit/define';
import { useApi } from '../../api/context';
import { useCatalogEntries } from '../../catalog/entries';
import { useT } from '../../i18n';
import { useUiStore } from '../../state/ui';
import { useCompareStore } from './compareStore';

export function CompareTab() {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const { entries } = useCatalogEntries();
  const open = useCompareStore((s) => s.open);
  const { config } = useApi();
  const layersB = useCompareStore((s) => s.layersB) ?? config.compareLayers;
  const swipe = useCompareStore((s) => s.swipe);
  const choices = entries.filter((e) => e.def.source.kind !== 'events');
  return (
    <section aria-labelledby="planner-compare-title">
      <h3 id="planner-compare-title" className="planner__h">
        {t('planner.compare.title')}
      </h3>
      <p className="planner__muted">{t('planner.compare.help')}</p>
      <div className="planner__tools">
        <button
          type="button"
          className="switch"
          aria-pressed={open}
          onClick={() => useCompareStore.getState().setOpen(!open)}
        >
          {t('planner.compare.toggle')}
        </button>
        <label className="planner__check">
          {t('planner.compare.swipe')}
          <input
            type="range"
            min={0}
            max={100}
            step={5}
            value={swipe}
            onChange={(e) => useCompareStore.getState().setSwipe(Number(e.target.value))}
          />
        </label>
      </div>
      <fieldset className="planner__fieldset">
        <legend>{t('planner.compare.setB')}</legend>
        {choices.map((e) => (
          <label key={e.def.id} className="planner__check">
            <input
              type="checkbox"
              checked={layersB.includes(e.def.id)}
              onChange={(ev) =>
                useCompareStore.getState().toggleB(e.def.id, ev.target.checked, config.compareLayers)
              }
            />
            {text(locale, e.def.title)}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
