/**
 * The API's health in the header: online with the data time, or what is wrong. Online with
 * some of the screen's data failing (a layer, the KPIs) reads as partly failing, naming
 * those parts (../app/failingData.ts): each panel says what is wrong with its own data.
 */
import { type Locale, text } from '../../layers/kit/define';
import { useApi } from '../api/context';
import { useMeta } from '../api/queries';
import { type FailingPart, useFailingParts } from '../app/failingData';
import { findLayer } from '../catalog/registry';
import { type Translate, useT } from '../i18n';
import { formatRecent } from '../i18n/dates';
import { useUiStore } from '../state/ui';
import { currentProblem, describeProblem } from './describeProblem';
import './status.css';

/** The header names this many failing parts, then counts the rest. */
const NAMED = 3;

function nameOf(t: Translate, locale: Locale, p: FailingPart): string {
  if (p.kind !== 'layer') return t(`api.failing.${p.kind}`);
  const def = findLayer(p.id);
  return def ? text(locale, def.title) : t('api.failing.other');
}

function failingLine(t: Translate, locale: Locale, parts: FailingPart[]): string {
  const names = [...new Set(parts.map((p) => nameOf(t, locale, p)))];
  const shown = names.slice(0, NAMED).join(t('api.failing.sep'));
  const list =
    names.length > NAMED
      ? t('api.failing.more', { parts: shown, count: names.length, more: names.length - NAMED })
      : shown;
  return t('api.failing', { parts: list });
}

export function ApiStatus() {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const { config } = useApi();
  const meta = useMeta(config.refresh.kpiMs);
  const failing = useFailingParts();
  const problem = currentProblem(meta);
  const state = problem !== null ? 'error' : !meta.data ? 'loading' : failing.length > 0 ? 'partial' : 'ok';
  return (
    <div
      className={`status api-status api-status--${state}`}
      role="status"
      aria-label={t('api.status.label')}
    >
      <span className="status__dot" aria-hidden="true" />
      <span>{t(`api.status.${state}`)}</span>
      {meta.data && (
        <span className="api-status__time">
          {t('api.dataUpdatedAt', { time: formatRecent(locale, meta.data.dataUpdatedAt) })}
        </span>
      )}
      {problem !== null && <span className="status__problem">{describeProblem(t, problem)}</span>}
      {state === 'partial' && <FailingLine line={failingLine(t, locale, failing)} />}
    </div>
  );
}

/** Cut to the header's width, whole on hover (and to a screen reader, which reads the text). */
function FailingLine({ line }: { line: string }) {
  return (
    <span className="status__partial" title={line}>
      {line}
    </span>
  );
}
