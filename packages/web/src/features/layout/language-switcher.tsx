/** Choose the interface language; each name is written in its own language and script. */
import { useId } from 'react';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { isLocale, LOCALE_NAMES, LOCALES } from '../../platform/i18n/locales.ts';

export function LanguageSwitcher() {
  const { t, locale, setLocale } = useI18n();
  const id = useId();
  return (
    <div className="language-switcher">
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        name="language"
        value={locale}
        onChange={(e) => {
          if (isLocale(e.target.value)) setLocale(e.target.value);
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
