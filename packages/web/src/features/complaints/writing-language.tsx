/**
 * The language of what a user writes (a reply, a narrative, a witness statement): one of the six
 * the mechanism works in, by default the interface's own.
 */
import { USER_LANGUAGES, type UserLanguage } from '@truceline/domain';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { LOCALE_NAMES, isLocale } from '../../platform/i18n/locales.ts';
import { Select } from '../../platform/ui/controls.tsx';
import type { FieldMessage } from '../../platform/validation.ts';

/** The language of a text (`name="language"` unless given), one of the mechanism's six. */
export function LanguageSelect({
  name = 'language',
  value,
  onChange,
  error,
}: {
  name?: string;
  value: UserLanguage;
  onChange(language: UserLanguage): void;
  error?: FieldMessage | undefined;
}) {
  const { t } = useI18n();
  return (
    <Select
      label={t('complaint.language')}
      name={name}
      value={value}
      onChange={(e) => {
        const v = e.target.value;
        if ((USER_LANGUAGES as readonly string[]).includes(v)) onChange(v as UserLanguage);
      }}
      error={error}
    >
      {USER_LANGUAGES.map((l) => (
        <option key={l} value={l} lang={l}>
          {isLocale(l) ? LOCALE_NAMES[l] : l}
        </option>
      ))}
    </Select>
  );
}

/** The interface language, as the default language of what the user writes. */
export function useWritingLanguage(): UserLanguage {
  const { locale } = useI18n();
  return (USER_LANGUAGES as readonly string[]).includes(locale) ? (locale as UserLanguage) : 'en';
}
