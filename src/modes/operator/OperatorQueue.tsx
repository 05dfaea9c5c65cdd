/**
 * The street console's first column: the event queue (the live feed, scoped to the bound
 * street) with the selected event's detail, and the keyboard hint. The keys work anywhere
 * on the console except in a field.
 */
import { useApi } from '../../api/context';
import { useT } from '../../i18n';
import { boundRegionOf } from '../../panels/events/boundRegion';
import { EventDetail } from '../../panels/events/EventDetail';
import { EventFeed } from '../../panels/events/EventFeed';
import { useEventRegions } from '../../panels/events/labels';
import { consoleHref } from './demoConsole';
import { TRIAGE_KEYS } from './triage';
import { useTriageKeys } from './useTriageKeys';
import './OperatorQueue.css';

export function OperatorQueue() {
  const t = useT();
  const { config } = useApi();
  const bound = boundRegionOf(config);
  const regions = useEventRegions();
  useTriageKeys();
  return (
    <section
      className="operator-queue"
      aria-label={t('modes.operator.queue')}
      aria-keyshortcuts={TRIAGE_KEYS}
      aria-describedby="operator-keys-hint"
    >
      <div className="operator-queue__head">
        {bound && (
          <p className="operator-queue__bound">{t('modes.operator.bound', { name: regions.name(bound) })}</p>
        )}
        {config.demo && (
          <a className="operator-queue__switch" href={consoleHref(window.location.search, undefined)}>
            {t('modes.operator.demo.switch')}
          </a>
        )}
        <p className="operator-queue__hint" id="operator-keys-hint">
          {t('modes.operator.hint')}
        </p>
      </div>
      <div className="operator-queue__feed">
        <EventFeed />
      </div>
      <EventDetail />
    </section>
  );
}
