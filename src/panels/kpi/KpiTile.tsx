/**
 * One headline figure: a labelled group whose text is the value and its unit, so it is
 * read (and tested) by role and name. The number itself never counts up: a leader reads
 * the exact figure at once; a live figure that changes glows briefly so the change is seen.
 * A figure outside any plausible range is not shown: the tile says so, the reason beside
 * it as text (its description) and in full on hover.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { Indicator } from '@ioc/contract/contract';
import { flagHint, flagReason, useFlag } from './flags';
import { useKpiFormat } from './format';
import './KpiTile.css';

export interface KpiTileProps {
  /** The indicator id (also its label's message key). */
  id: string;
  indicators: Map<string, Indicator>;
  /** Show the indicator's target under the value: "target 9,984", or "of 11" for a count of a whole. */
  showTarget?: boolean | 'of';
  /** Draw a thin bar of value / target (percentages against 100 %). */
  meter?: boolean;
  /** The headline tile of a panel, drawn larger. */
  primary?: boolean;
}

export function KpiTile({ id, indicators, showTarget, meter, primary }: KpiTileProps) {
  const f = useKpiFormat();
  const indicator = indicators.get(id);
  const flag = useFlag(id);
  const reasonId = useId();
  const name = f.label(indicator ?? flag ?? { id, label: id });
  const value = indicator?.value;
  const [changes, setChanges] = useState(0);
  const previous = useRef(value);
  useEffect(() => {
    if (previous.current !== undefined && value !== undefined && previous.current !== value)
      setChanges((n) => n + 1);
    previous.current = value;
  }, [value]);

  const unit = indicator ? f.unit(indicator.unit) : '';
  const target = indicator?.target;
  const share = value !== undefined && target ? Math.max(0, Math.min(1, value / target)) : null;
  if (!indicator && flag)
    return (
      // biome-ignore lint/a11y/useSemanticElements: a figure, not a form; a fieldset means form controls
      <div
        role="group"
        aria-label={name}
        aria-describedby={reasonId}
        title={flagHint(f.t, flag)}
        className={`kpi-tile kpi-tile--flagged${primary ? ' kpi-tile--primary' : ''}`}
      >
        <span className="kpi-tile__label" aria-hidden="true">
          {name}
        </span>
        <span className="kpi-tile__flag">{f.t('kpi.flagged')}</span>
        <span className="kpi-tile__reason" id={reasonId}>
          {flagReason(f.t, flag)}
        </span>
      </div>
    );
  return (
    // biome-ignore lint/a11y/useSemanticElements: a figure, not a form; a fieldset means form controls
    <div role="group" aria-label={name} className={`kpi-tile${primary ? ' kpi-tile--primary' : ''}`}>
      <span className="kpi-tile__label" aria-hidden="true">
        {name}
      </span>
      {indicator ? (
        <span className="kpi-tile__figure">
          <data
            key={changes}
            value={indicator.value}
            className={`kpi-tile__value${changes > 0 ? ' kpi-tile__value--changed' : ''}`}
          >
            {f.number(indicator.value)}
          </data>
          {unit && <span className="kpi-tile__unit">{unit}</span>}
        </span>
      ) : (
        <span className="kpi-tile__none">{f.t('kpi.noValue')}</span>
      )}
      {showTarget && target !== undefined && (
        <span className="kpi-tile__target">
          {f.t(showTarget === 'of' ? 'kpi.outOf' : 'kpi.target', {
            value: `${f.number(target)}${unit ? ` ${unit}` : ''}`,
          })}
        </span>
      )}
      {meter && share !== null && (
        <span className="kpi-tile__meter" aria-hidden="true">
          <span style={{ width: `${share * 100}%` }} />
        </span>
      )}
    </div>
  );
}
