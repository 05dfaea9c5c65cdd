/**
 * The detail drawer for a clicked map feature: its layer's fields with labels and units.
 * Everything in it came from the API: bounded (src/api/clip.ts, ./bounds.css).
 */
import { text } from '../../layers/kit/define';
import { clip, LABEL_MAX } from '../api/clip';
import type { CatalogEntry } from '../catalog/entries';
import { useT } from '../i18n';
import { useFeatureSelection } from '../state/featureSelection';
import { useUiStore } from '../state/ui';
import { fieldValue } from './fieldValue';
import './bounds.css';
import './FeatureDetail.css';

export function FeatureDetail({ byId }: { byId: Map<string, CatalogEntry> }) {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const { layerId, feature, clear } = useFeatureSelection();
  if (!layerId || !feature) return null;
  const entry = byId.get(layerId);
  if (!entry) return null;
  const serverLabels = new Map(entry.info?.fields.map((f) => [f.key, f]) ?? []);
  const props = feature.properties as Record<string, unknown>;
  return (
    <section className="feature-detail" aria-labelledby="feature-detail-title">
      <header className="feature-detail__head">
        <h2 id="feature-detail-title">
          {typeof props.name === 'string' && props.name !== ''
            ? clip(props.name, LABEL_MAX)
            : t('detail.title')}
        </h2>
        <button type="button" aria-label={t('detail.close')} onClick={clear}>
          ×
        </button>
      </header>
      <dl className="feature-detail__fields">
        <dt>{t('detail.layer')}</dt>
        <dd>{entry.info && locale === 'zh-CN' ? entry.info.title : text(locale, entry.def.title)}</dd>
        {entry.def.fields.map((spec) => {
          const server = serverLabels.get(spec.key);
          // The API's labels are the platform's own wording; ours stand in for other languages.
          const label = server && locale === 'zh-CN' ? server.label : text(locale, spec.label);
          return (
            <div key={spec.key} className="feature-detail__row">
              <dt>{label}</dt>
              <dd>{fieldValue(spec, props[spec.key], locale)}</dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
