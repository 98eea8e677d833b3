/**
 * A failed call in the reader's language: every code the server may answer with is translated,
 * and the server's own (English) words are kept underneath.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@truceline/domain';
import { ApiError } from '../api-client.ts';
import type { I18n } from '../i18n/i18n.tsx';
import { isMessageKey, message } from '../i18n/messages.ts';
import { describeProblem } from './problem-alert.tsx';

const i18nFor = (locale: I18n['locale']) =>
  ({
    locale,
    t: (key: Parameters<I18n['t']>[0], values?: Record<string, string | number>) =>
      message(locale, key, values),
    formatDuration: (n: number, unit: string) => `${n} ${unit}`,
  }) as unknown as I18n;

/** Codes the server only answers machines with (a wrong route, a malformed request). */
const MACHINE_ONLY = new Set([
  'malformed_json',
  'unsupported_media_type',
  'token_invalid',
  'token_scope',
  'route_not_found',
  'method_not_allowed',
  'internal_error',
]);

describe('describeProblem', () => {
  it('every code a person may meet has a message', () => {
    const missing = Object.keys(ERROR_CODES).filter(
      (code) => !MACHINE_ONLY.has(code) && !isMessageKey(`error.${code}`),
    );
    expect(missing).toEqual([]);
  });

  it('translates the code and keeps the server’s words in another language', () => {
    const error = new ApiError({
      type: 'about:blank',
      status: 409,
      code: 'version_conflict',
      title: 'The record was changed by someone else',
      detail: 'Complaint C-7 is at version 4, not 3',
    });
    expect(describeProblem(i18nFor('ur'), error)).toEqual({
      summary: message('ur', 'error.version_conflict'),
      serverDetail: 'Complaint C-7 is at version 4, not 3',
    });
    expect(describeProblem(i18nFor('en'), error)).toEqual({
      summary: 'Complaint C-7 is at version 4, not 3',
    });
  });
});
