/** The demo's console chooser (see demoConsole.ts): one link per street sub-center. */
import { useRegions } from '../../api/queries';
import { useT } from '../../i18n';
import { consoleHref } from './demoConsole';
import './ConsoleChooser.css';

export function ConsoleChooser() {
  const t = useT();
  const streets = useRegions('street');
  const search = window.location.search;
  return (
    <main className="app-body console-chooser" id="map">
      <section className="console-chooser__card" aria-labelledby="console-chooser-title">
        <h2 id="console-chooser-title">{t('modes.operator.demo.title')}</h2>
        <p className="console-chooser__hint">{t('modes.operator.demo.hint')}</p>
        <nav aria-label={t('modes.operator.demo.streets')}>
          {streets.data ? (
            <ul className="console-chooser__streets">
              {streets.data.features.map((f) => (
                <li key={f.properties.id}>
                  <a className="console-chooser__street" href={consoleHref(search, f.properties.id)}>
                    {f.properties.name}
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p role="status">{t('modes.operator.demo.loading')}</p>
          )}
        </nav>
        <a className="console-chooser__district" href={consoleHref(search, null)}>
          {t('modes.operator.demo.district')}
        </a>
      </section>
    </main>
  );
}
