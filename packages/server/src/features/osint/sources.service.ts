/**
 * Sources the mechanism follows: a feed (polled on a schedule by `feeds.service.ts`) or a single
 * page, fetched once when it is added. An address is checked before anything is stored (http or
 * https, resolving only to public addresses); the same address added again is the same source, and
 * a page already read is not fetched again.
 */
import type {
  Actor,
  CreateOsintSourceRequest,
  OsintIngestItem,
  OsintSource,
} from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import { AppError } from '../../platform/http/problem.ts';
import { appendToLog } from '../log/log.writer.ts';
import type { IngestService } from './ingest.service.ts';
import {
  articleCount,
  articleOfSourceItem,
  findSource,
  listSources,
  presentSource,
  updateSource,
  upsertSource,
} from './osint.repository.ts';
import {
  assertFetchable,
  FetchError,
  safeFetch,
  type FetchPolicy,
} from '../../platform/net/safe-fetch.ts';

export interface SourcesService {
  list(): Promise<OsintSource[]>;
  /** Adds a feed (polled soon) or a page (fetched now); `created` is false for a known address. */
  add(
    input: CreateOsintSourceRequest,
    actor: Actor | null,
  ): Promise<{ source: OsintSource; item: OsintIngestItem | null; created: boolean }>;
}

/** Checks an address for the API: a refusal names the field. */
export async function checkAddress(url: string, allowLoopback: boolean): Promise<string> {
  try {
    return (await assertFetchable(url, allowLoopback)).toString();
  } catch (error) {
    if (!(error instanceof FetchError)) throw error;
    throw new AppError('validation_failed', `The address cannot be fetched: ${error.message}`, {
      errors: [{ field: 'body.url', message: error.message }],
    });
  }
}

export function createSourcesService(deps: {
  db: Db;
  clock: () => Date;
  ingest: IngestService;
  fetchPolicy: FetchPolicy;
}): SourcesService {
  const { db, clock } = deps;

  async function fetchPage(
    source: Awaited<ReturnType<typeof upsertSource>>['source'],
    url: string,
    actor: Actor | null,
  ): Promise<OsintIngestItem> {
    const batch = await deps.ingest.startBatch(source, actor);
    let item: OsintIngestItem;
    try {
      const page = await safeFetch(url, deps.fetchPolicy);
      item = await batch.add({
        bytes: page.body,
        name: url,
        contentType: page.contentType,
        originalUrl: url,
      });
    } catch (error) {
      if (!(error instanceof FetchError)) throw error;
      item = await batch.fail(url, error.message);
    }
    await batch.finish();
    await updateSource(db, source.id, {
      status: item.outcome === 'failed' ? 'failing' : 'ok',
      failures: item.outcome === 'failed' ? source.failures + 1 : 0,
      lastError: item.error,
      lastPolledAt: clock(),
    });
    return item;
  }

  return {
    list: () => listSources(db),

    async add(input, actor) {
      const url = await checkAddress(input.url, deps.fetchPolicy.allowLoopback);
      const now = clock();
      const { source, created } = await db.transaction(async (tx) => {
        const result = await upsertSource(tx, {
          kind: input.kind,
          key: `${input.kind}:${url}`,
          url,
          title: input.title ?? null,
          status: 'pending',
          nextPollAt: input.kind === 'feed' ? now : null,
          createdBy: actor?.userId ?? null,
          createdAt: now,
        });
        // Who asked the mechanism to watch which address, in the log with the source itself.
        if (result.created)
          await appendToLog(tx, {
            action: 'osint.source.add',
            actor,
            recordType: 'osint_source',
            recordId: result.source.id,
            record: {
              id: result.source.id,
              kind: result.source.kind,
              url: result.source.url,
              title: result.source.title,
              createdAt: now.toISOString(),
            },
            visibility: 'mediators',
            now,
          });
        return result;
      });
      let item: OsintIngestItem | null = null;
      if (input.kind === 'url') {
        const known = created ? undefined : await articleOfSourceItem(db, source.id, url);
        item = known
          ? { name: url, outcome: 'duplicate', articleId: known, error: null }
          : await fetchPage(source, url, actor);
      }
      const current = (await findSource(db, source.id)) ?? source;
      return {
        source: presentSource(current, await articleCount(db, source.id)),
        item,
        created,
      };
    },
  };
}
