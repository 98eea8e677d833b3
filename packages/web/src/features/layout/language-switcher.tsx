/**
 * Choose the interface language; each name is written in its own language and script.
 *
 * The first visit follows the browser's languages (see `locales.ts`). A signed-in user's choice is
 * also stored with their account (`PUT /me/locale`), and once they sign in, anywhere, the language
 * they chose last is the one they get.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../../platform/api-client.ts';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { isLocale, LOCALE_NAMES, LOCALES, type Locale } from '../../platform/i18n/locales.ts';
import { useCan, useSession } from '../../platform/session-context.tsx';

/**
 * Follows the language stored with the signed-in user's account, and returns how to choose one:
 * for everyone in this browser, and for a signed-in user also on the server. `saveFailed` is true
 * when the last choice could not be stored (it still applies in this browser).
 */
function useAccountLocale(): { choose(locale: Locale): void; saveFailed: boolean } {
  const api = useApi();
  const { setLocale } = useI18n();
  const session = useSession();
  const can = useCan();
  const userId = session?.user.id;
  const stored = session?.locale ?? null;
  // The server's answer last followed, per user: a later check that brings the same answer (or an
  // older one, while a choice is being saved) must not undo what the user has just chosen.
  const seen = useRef<{ userId: string; locale: Locale | null } | undefined>(undefined);
  const saving = useRef(0);
  const [saveFailed, setSaveFailed] = useState(false);

  useEffect(() => {
    if (userId === undefined) {
      seen.current = undefined;
      return;
    }
    if (saving.current > 0) return;
    const locale = isLocale(stored) ? stored : null;
    if (seen.current?.userId === userId && seen.current.locale === locale) return;
    seen.current = { userId, locale };
    if (locale) setLocale(locale);
  }, [userId, stored, setLocale]);

  const mayStore = can('account.own.update');
  const choose = (locale: Locale) => {
    setLocale(locale);
    setSaveFailed(false);
    if (userId === undefined || !mayStore) return;
    saving.current += 1;
    api
      .saveLocale(locale)
      .then(
        () => {
          seen.current = { userId, locale };
        },
        (error: unknown) => {
          if (error instanceof ApiError) setSaveFailed(true);
        },
      )
      .finally(() => {
        saving.current -= 1;
      });
  };
  return { choose, saveFailed };
}

export function LanguageSwitcher() {
  const { t, locale } = useI18n();
  const { choose, saveFailed } = useAccountLocale();
  const id = useId();
  return (
    <div className="language-switcher">
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        name="language"
        value={locale}
        aria-describedby={saveFailed ? `${id}-note` : undefined}
        onChange={(e) => {
          if (isLocale(e.target.value)) choose(e.target.value);
        }}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
      {saveFailed ? (
        <p className="language-note" id={`${id}-note`} role="status">
          {t('language.notSaved')}
        </p>
      ) : null}
    </div>
  );
}
