/**
 * Polling RSS and Atom feeds. A feed is fetched with the validators of its last answer
 * (If-None-Match, If-Modified-Since), so an unchanged feed costs a 304; a changed one is parsed
 * (`@rowanmanning/feed-parser`, which reads RSS 0.9x–2.0 and Atom into one shape and tolerates the
 * usual defects) and each entry not met before is fetched once: its link, unless an article from
 * that address is already stored. A failed poll (no answer in time, an error status, something that
 * is not a feed) is recorded on the feed with its error, and the next poll waits twice as long for
 * each failure in a row, up to a day.
 */
import { parseFeed } from '@rowanmanning/feed-parser';
import { TextDecoder as WhatwgTextDecoder, labelToName } from '@exodus/bytes/encoding.js';
import sniffHtmlEncoding from 'html-encoding-sniffer';
import { MIMEType } from 'node:util';
import type { Db } from '../../platform/database/database.ts';
import type { BatchSummary, IngestService } from './ingest.service.ts';
import {
  dueFeeds,
  entrySeen,
  failedAttempts,
  findArticleByUrl,
  findSource,
  updateSource,
  type SourceRow,
} from './osint.repository.ts';
import { FetchError, safeFetch, type FetchPolicy } from '../../platform/net/safe-fetch.ts';

export interface PollResult {
  readonly sourceId: string;
  readonly outcome: 'updated' | 'not_modified' | 'failed';
  readonly error: string | null;
  readonly batch: BatchSummary | null;
}

export interface FeedsService {
  /** Polls every feed whose time has come (at most `limit`). */
  pollDue(limit?: number): Promise<PollResult[]>;
  /** Polls one feed now, whatever its schedule. */
  poll(sourceId: string): Promise<PollResult>;
}

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
/** The newest entries of one answer that are looked at; older ones are left. */
const MAX_ENTRIES = 100;
const MAX_BACKOFF_MINUTES = 24 * 60;

/** How often a feed entry's article is fetched before a passing fault counts as final. */
export const ENTRY_ATTEMPTS = 3;

/** Minutes until the next poll after `failures` failures in a row. */
export function backoffMinutes(pollMinutes: number, failures: number): number {
  return Math.min(pollMinutes * 2 ** Math.min(failures, 20), MAX_BACKOFF_MINUTES);
}

/** A feed's text: its BOM, else the charset the server declared, else UTF-8 (XML's default). */
function decodeFeed(bytes: Uint8Array, contentType: string | null): string {
  let label: string | null = null;
  try {
    label = contentType ? new MIMEType(contentType).params.get('charset') : null;
  } catch {
    label = null;
  }
  const known = label === null ? null : labelToName(label);
  const charset = sniffHtmlEncoding(bytes, {
    xml: true,
    ...(known !== null ? { transportLayerEncodingLabel: known } : {}),
  });
  return new WhatwgTextDecoder(charset).decode(bytes);
}

const isoDay = (d: Date | null | undefined): string | null =>
  d && !Number.isNaN(d.getTime()) ? d.toISOString().slice(0, 10) : null;

export function createFeedsService(deps: {
  db: Db;
  clock: () => Date;
  ingest: IngestService;
  fetchPolicy: FetchPolicy;
  pollMinutes: number;
}): FeedsService {
  const { db, clock } = deps;
  const later = (minutes: number) => new Date(clock().getTime() + minutes * 60_000);

  async function failed(source: SourceRow, error: string): Promise<PollResult> {
    const failures = source.failures + 1;
    await updateSource(db, source.id, {
      status: 'failing',
      failures,
      lastError: error,
      lastPolledAt: clock(),
      nextPollAt: later(backoffMinutes(deps.pollMinutes, failures)),
    });
    return { sourceId: source.id, outcome: 'failed', error, batch: null };
  }

  async function poll(source: SourceRow): Promise<PollResult> {
    if (!source.url) return failed(source, 'the feed has no address');
    let answer;
    try {
      answer = await safeFetch(source.url, deps.fetchPolicy, {
        accept: FEED_ACCEPT,
        etag: source.etag,
        lastModified: source.lastModified,
      });
    } catch (error) {
      if (error instanceof FetchError) return failed(source, error.message);
      throw error;
    }
    const ok = {
      status: 'ok' as const,
      failures: 0,
      lastError: null,
      lastPolledAt: clock(),
      nextPollAt: later(deps.pollMinutes),
    };
    if (answer.status === 304) {
      await updateSource(db, source.id, ok);
      return { sourceId: source.id, outcome: 'not_modified', error: null, batch: null };
    }
    let feed;
    try {
      feed = parseFeed(decodeFeed(answer.body, answer.contentType));
    } catch (error) {
      return failed(source, `the answer is not an RSS or Atom feed (${(error as Error).message})`);
    }
    const batch = await deps.ingest.startBatch(source, null);
    let retrying = false;
    for (const entry of feed.items.slice(0, MAX_ENTRIES)) {
      const link = entry.url;
      const key = entry.id ?? link;
      if (!key || (await entrySeen(db, source.id, key))) continue;
      if (!link) {
        await batch.fail(entry.title ?? key, 'the entry has no link to an article', key);
        continue;
      }
      const known = await findArticleByUrl(db, link);
      if (known) {
        await batch.duplicate(link, known.id, key);
        continue;
      }
      try {
        const page = await safeFetch(link, deps.fetchPolicy);
        await batch.add({
          bytes: page.body,
          name: link,
          contentType: page.contentType,
          originalUrl: link,
          hints: { title: entry.title, published: isoDay(entry.published ?? entry.updated) },
          entryKey: key,
        });
      } catch (error) {
        if (!(error instanceof FetchError)) throw error;
        if (!error.transient) {
          await batch.fail(link, error.message, key);
          continue;
        }
        // A passing fault (no answer, a 5xx): the entry stays unread and is tried on the next
        // polls, until it has failed ENTRY_ATTEMPTS times.
        const attempt = (await failedAttempts(db, source.id, link)) + 1;
        if (attempt < ENTRY_ATTEMPTS) {
          retrying = true;
          await batch.fail(
            link,
            `${error.message}; will try again (attempt ${attempt} of ${ENTRY_ATTEMPTS})`,
          );
        } else await batch.fail(link, `${error.message}; gave up after ${attempt} attempts`, key);
      }
    }
    const summary = await batch.finish();
    await updateSource(db, source.id, {
      ...ok,
      // An entry to try again: the next poll must read the whole feed, not a 304.
      etag: retrying ? null : answer.etag,
      lastModified: retrying ? null : answer.lastModified,
      title: source.title ?? feed.title ?? null,
    });
    return { sourceId: source.id, outcome: 'updated', error: null, batch: summary };
  }

  return {
    async pollDue(limit = 20) {
      const results: PollResult[] = [];
      for (const source of await dueFeeds(db, clock(), limit)) results.push(await poll(source));
      return results;
    },
    async poll(sourceId) {
      const source = await findSource(db, sourceId);
      if (!source || source.kind !== 'feed') throw new Error(`no feed ${sourceId}`);
      return poll(source);
    },
  };
}
