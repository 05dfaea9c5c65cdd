import { useT } from '../i18n';
import { useUiStore } from '../state/ui';

/** The language switch: named in the language it switches to, so either reader finds it. */
export function LocaleSwitch() {
  const t = useT();
  const locale = useUiStore((s) => s.locale);
  const setLocale = useUiStore((s) => s.setLocale);
  return (
    <button
      type="button"
      className="switch"
      aria-label={t('locale.switch')}
      onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
      lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}
    >
      {t(locale === 'zh-CN' ? 'locale.en' : 'locale.zh-CN')}
    </button>
  );
}
