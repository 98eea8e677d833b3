/**
 * `truceline evidence note` and `truceline notifications …`, acting as demo accounts, against a
 * real embedded database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvidenceItem } from '@truceline/domain';
import { EXIT } from '../../src/cli/exit-codes.ts';
import {
  demoAgreement,
  fileComplaint,
  OBSERVER,
  PK,
  startCli,
  TR,
  type CliHarness,
} from './cli-harness.ts';

let h: CliHarness;
let reference: string;

describe('truceline evidence note and notifications', () => {
  beforeAll(async () => {
    h = await startCli('notifications-cli');
    ({ reference } = await fileComplaint(h, await demoAgreement(h)));
  }, 120_000);
  afterAll(() => h?.close());

  it('adds a witness statement and a link as evidence, and refuses neither or both', async () => {
    const statement = await h.cli([
      'evidence',
      'note',
      reference,
      '--title',
      'Shopkeeper',
      '--visibility',
      'joint',
      '--statement',
      'I heard three explosions at dawn.',
      '--language',
      'en',
      '--as',
      PK,
      '--json',
    ]);
    expect(statement.code, statement.err).toBe(EXIT.ok);
    expect((JSON.parse(statement.out) as EvidenceItem).type).toBe('statement');
    const link = await h.cli([
      'evidence',
      'note',
      reference,
      '--title',
      'Report',
      '--visibility',
      'joint',
      '--url',
      'https://example.org/report',
      '--as',
      PK,
      '--json',
    ]);
    expect(link.code, link.err).toBe(EXIT.ok);
    expect((JSON.parse(link.out) as EvidenceItem).url).toBe('https://example.org/report');
    const neither = await h.cli([
      'evidence',
      'note',
      reference,
      '--title',
      'x',
      '--visibility',
      'joint',
      '--as',
      PK,
    ]);
    expect(neither.code).toBe(EXIT.usage);
    const badUrl = await h.cli([
      'evidence',
      'note',
      reference,
      '--title',
      'x',
      '--visibility',
      'joint',
      '--url',
      'ftp://x',
      '--as',
      PK,
    ]);
    expect(badUrl.code).toBe(EXIT.usage);
    expect(badUrl.err).toMatch(/url/);
  }, 120_000);

  it('lists the inbox, marks it read, and manages webhooks for the organisation', async () => {
    const inbox = await h.cli(['notifications', 'list', '--as', TR, '--json']);
    expect(inbox.code, inbox.err).toBe(EXIT.ok);
    const page = JSON.parse(inbox.out) as { items: { event: string }[]; unread: number };
    expect(page.items.map((i) => i.event)).toContain('complaint.filed');
    const read = await h.cli(['notifications', 'read', '--as', TR]);
    expect(read.out).toMatch(/\d+ marked read/);
    const after = JSON.parse(
      (await h.cli(['notifications', 'list', '--as', TR, '--json'])).out,
    ) as {
      unread: number;
    };
    expect(after.unread).toBe(0);

    const added = await h.cli([
      'notifications',
      'webhook',
      'add',
      'https://hooks.example.org/t',
      '--event',
      'complaint.filed',
      '--as',
      TR,
    ]);
    expect(added.code, added.err).toBe(EXIT.ok);
    const id = /Webhook ([0-9a-f-]{36})/.exec(added.out)?.[1] ?? '';
    expect(added.out).toMatch(/Signing secret \(shown once\): \S{40,}/);
    const listed = await h.cli(['notifications', 'webhook', 'list', '--as', TR, '--json']);
    expect((JSON.parse(listed.out) as { id: string }[]).map((w) => w.id)).toContain(id);
    expect(listed.out).not.toMatch(/secret/i);
    // An observer may not manage webhooks, as through the API.
    const observer = await h.cli([
      'notifications',
      'webhook',
      'add',
      'https://x.example',
      '--event',
      'complaint.filed',
      '--as',
      OBSERVER,
    ]);
    expect(observer.code).toBe(EXIT.usage);
    const disabled = await h.cli(['notifications', 'webhook', 'disable', id, '--as', TR]);
    expect(disabled.code, disabled.err).toBe(EXIT.ok);
  }, 120_000);
});
