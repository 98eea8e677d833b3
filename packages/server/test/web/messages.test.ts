/**
 * The web app's message files: translators edit them by hand, so check that every language has
 * exactly the keys English has, keeps the same `{placeholders}`, and leaves nothing empty, and
 * that `_review` notes name real keys.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../web/src/platform/i18n/messages',
);
const LANGUAGES = ['en', 'ur', 'ps', 'fa', 'tr', 'ar'];

function load(lang: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(DIR, `${lang}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('web message files', () => {
  const en = load('en');
  const keys = Object.keys(en).filter((k) => !k.startsWith('_'));

  it('has a file for each language and no others', () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json'));
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual([...LANGUAGES].sort());
  });

  for (const lang of LANGUAGES) {
    it(`${lang}: same keys as English, same placeholders, nothing empty`, () => {
      const messages = load(lang);
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
      for (const key of keys) {
        const text = messages[key];
        expect(typeof text, key).toBe('string');
        expect((text as string).trim(), key).not.toBe('');
        expect(placeholders(text as string), key).toEqual(placeholders(en[key] as string));
      }
      const review = messages['_review'];
      expect(typeof review).toBe('object');
      for (const key of Object.keys(review as object)) {
        if (key !== '*') expect(keys, `_review names ${key}`).toContain(key);
      }
    });
  }
});
