/** A full page that says what is wrong with config.json, since nothing else can start without it. */
import type { ConfigProblem, Locale } from '../api/config';
import { translate } from '../i18n';
import './ConfigErrorPage.css';

export function ConfigErrorPage({ problem, locale }: { problem: ConfigProblem; locale: Locale }) {
  const vars = { url: problem.url, detail: problem.detail };
  return (
    <div className="config-error" role="alert">
      <h1>{translate(locale, 'config.title')}</h1>
      <p>{translate(locale, `config.${problem.kind}`, vars)}</p>
      <p>{translate(locale, 'config.help')}</p>
    </div>
  );
}
