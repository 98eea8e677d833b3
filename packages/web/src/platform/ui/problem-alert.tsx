/**
 * Shows a failed call: the server's RFC 9457 `detail`, or (in other languages than English) our
 * translation of its stable `code` with the server's English detail underneath, so that nothing
 * the server said is lost.
 */
import type { ReactNode } from 'react';
import type { ApiError } from '../api-client.ts';
import { useI18n, type I18n } from '../i18n/i18n.tsx';
import { isMessageKey } from '../i18n/messages.ts';

export interface ProblemText {
  readonly summary: string;
  /** The server's own words, in English, when the summary is a translation. */
  readonly serverDetail?: string;
}

export function describeProblem(i18n: I18n, error: ApiError): ProblemText {
  const { t, locale, formatDuration } = i18n;
  const { code, detail, title } = error.problem;
  const key = `error.${code}`;
  if (code === 'network_error' || code === 'bad_response')
    return { summary: t('error.network_error') };
  // Field errors appear next to their fields; the summary only says to look there.
  if (code === 'validation_failed' && error.problem.errors?.length) {
    return { summary: t('error.validation_failed') };
  }
  if (locale === 'en' && detail) return { summary: detail };
  if (!isMessageKey(key)) return { summary: detail ?? title };
  let summary = t(key);
  if (error.retryAfterSeconds !== undefined && code === 'too_many_requests') {
    const seconds = error.retryAfterSeconds;
    const duration =
      seconds >= 120 && seconds % 60 === 0
        ? formatDuration(seconds / 60, 'minute')
        : formatDuration(seconds, 'second');
    summary = `${summary} ${t('error.retryAfter', { duration })}`;
  }
  return detail && locale !== 'en' ? { summary, serverDetail: detail } : { summary };
}

export function ProblemAlert({ error, action }: { error: ApiError; action?: ReactNode }) {
  const i18n = useI18n();
  const { summary, serverDetail } = describeProblem(i18n, error);
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{i18n.t('error.heading')}</p>
      <p>{summary}</p>
      {serverDetail ? (
        <p className="alert-detail" lang="en" dir="ltr">
          {serverDetail}
        </p>
      ) : null}
      {action}
    </div>
  );
}
