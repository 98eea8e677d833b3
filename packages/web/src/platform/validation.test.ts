import { describe, expect, it } from 'vitest';
import { CreateComplaintRequestSchema, TransitionRequestSchema } from '@truceline/domain';
import type { I18n } from './i18n/i18n.tsx';
import { message } from './i18n/messages.ts';
import { ApiError } from './api-client.ts';
import { serverFieldMessages, unplacedMessages, validate } from './validation.ts';

const i18n = {
  locale: 'en',
  t: (key, values) => message('en', key, values),
  formatNumber: (n: number) => String(n),
} as Partial<I18n> as I18n;

describe('checking a request body with the API schema in the browser', () => {
  it('names each failing field as the server does, with a message in the user language', () => {
    const messages = validate(i18n, CreateComplaintRequestSchema, {
      agreementId: '317201c4-6f4f-468a-8105-96ca8143285a',
      visibility: 'joint',
      category: 'ied',
      provisionIds: [],
      title: 'ab',
      narrative: { text: 'x', language: 'en' },
      when: { from: 'yesterday', precision: 'hour' },
      where: { latitude: 95, longitude: 70, precision: 'exact' },
      casualties: [{ status: 'civilian', killed: -1, injured: 0, reportedBy: 'ISPR' }],
    });
    expect(messages['title']?.text).toBe('Enter at least 3 characters.');
    expect(messages['provisionIds']?.text).toBe('Choose at least one.');
    expect(messages['when.from']?.text).toBe('This is not in the expected format.');
    expect(messages['where.latitude']?.text).toBe('Enter 90 or less.');
    expect(messages['casualties.0.killed']?.text).toBe('Enter 0 or more.');
    expect(messages['narrative.text']).toBeUndefined();
  });

  it('reports a missing property at the property', () => {
    const messages = validate(i18n, TransitionRequestSchema, { command: 'register', version: 1 });
    expect(Object.keys(messages)).toEqual(['reason']);
    expect(messages['reason']?.text).toBe('This is required.');
    expect(
      validate(i18n, TransitionRequestSchema, { command: 'register', version: 1, reason: 'ok' }),
    ).toEqual({});
  });

  it("keys the server's field errors the same way, and lists those without a control", () => {
    const error = new ApiError({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      code: 'validation_failed',
      errors: [
        { field: 'body.teamUserIds', message: 'names someone who is not an active monitor' },
        { field: 'body.other', message: 'is not a known field' },
      ],
    });
    const messages = serverFieldMessages(error);
    expect(messages['teamUserIds']).toEqual({
      text: 'names someone who is not an active monitor',
      lang: 'en',
    });
    expect(unplacedMessages(messages, ['teamUserIds']).map(([f]) => f)).toEqual(['other']);
  });
});
