/**
 * The log explorer: the latest signed checkpoint checked in this browser (the log's signature
 * against the pinned key, and each witness's cosignature), and the entries it covers, newest
 * first, a page at a time, each decoded from its own bytes into what it records. "Verify
 * inclusion" fetches an inclusion proof for the entry and checks it here against the checkpoint.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import type { Checkpoint } from '@truceline/domain/log/index';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { browserHasher } from '../../platform/log-crypto.ts';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { usePageTitle } from '../../platform/use-page-title.ts';
import { useResource } from '../../platform/use-resource.ts';
import { label } from '../complaints/labels.tsx';
import { CheckpointSummary, useCheckpointReport, useLogGet } from './checkpoint-panel.tsx';
import {
  ENTRIES_PER_PAGE,
  loadEntries,
  pageRange,
  recordHref,
  verifyEntryInclusion,
  type ExplorerGet,
  type InclusionResult,
  type LoadedEntry,
} from './log-explorer-data.ts';

export function LogExplorerPage() {
  const { t } = useI18n();
  const get = useLogGet();
  const report = useCheckpointReport(get, { remember: true });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  usePageTitle(t('logExplorer.heading'));
  return (
    <div className="page log-explorer">
      <h1 className="page-title" tabIndex={-1} ref={heading}>
        {t('logExplorer.heading')}
      </h1>
      <p>{t('logExplorer.intro')}</p>
      <section className="card" aria-labelledby="checkpoint-heading">
        <h2 id="checkpoint-heading">{t('logExplorer.checkpoint')}</h2>
        <Loadable resource={report}>
          {(result) => (
            <>
              <CheckpointSummary result={result} level={3} onReload={report.reload} />
              <p>
                <button type="button" className="button button-secondary" onClick={report.reload}>
                  {t('logExplorer.refresh')}
                </button>
              </p>
            </>
          )}
        </Loadable>
      </section>
      {report.status === 'ok' && report.data.state === 'ok' ? (
        <EntriesSection
          key={report.data.report.view.checkpoint.treeSize}
          get={get}
          checkpoint={report.data.report.view.checkpoint}
        />
      ) : null}
    </div>
  );
}

function EntriesSection({ get, checkpoint }: { get: ExplorerGet; checkpoint: Checkpoint }) {
  const { t, formatNumber } = useI18n();
  const [page, setPage] = useState(0);
  const { treeSize } = checkpoint;
  const { start, end } = pageRange(treeSize, page);
  const entries = useResource(
    useCallback((signal: AbortSignal) => loadEntries(get, start, end, signal), [get, start, end]),
  );
  const lastPage = Math.max(0, Math.ceil(treeSize / ENTRIES_PER_PAGE) - 1);
  return (
    <section className="card" aria-labelledby="entries-heading">
      <h2 id="entries-heading">{t('logExplorer.entries')}</h2>
      {treeSize === 0 ? (
        <p className="muted">{t('logExplorer.noEntries')}</p>
      ) : (
        <>
          <p className="meta" aria-live="polite">
            {t('logExplorer.entriesRange', {
              first: formatNumber(start),
              last: formatNumber(end - 1),
              size: formatNumber(treeSize),
            })}
          </p>
          <Loadable resource={entries}>
            {(result) =>
              result.state === 'failed' ? (
                <p className="alert alert-error" role="alert">
                  {t('log.notChecked', { reason: t(`log.reason.${result.reason}`) })}
                </p>
              ) : (
                <ul className="plain-list log-entries" aria-label={t('logExplorer.entries')}>
                  {[...result.entries].reverse().map((entry) => (
                    <EntryItem key={entry.index} entry={entry} get={get} checkpoint={checkpoint} />
                  ))}
                </ul>
              )
            }
          </Loadable>
          <div className="pager">
            <button
              type="button"
              className="button button-secondary"
              disabled={page === 0}
              onClick={() => setPage((p) => Math.max(0, p - 1))}
            >
              {t('logExplorer.newer')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={page >= lastPage}
              onClick={() => setPage((p) => Math.min(lastPage, p + 1))}
            >
              {t('logExplorer.older')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

type Check = { readonly state: 'idle' } | { readonly state: 'checking' } | InclusionResult;

function EntryItem({
  entry,
  get,
  checkpoint,
}: {
  entry: LoadedEntry;
  get: ExplorerGet;
  checkpoint: Checkpoint;
}) {
  const i18n = useI18n();
  const { t, formatNumber, formatDateTime } = i18n;
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const number = t('logExplorer.entryNumber', { index: formatNumber(entry.index) });
  const { fields } = entry;
  const href = fields ? recordHref(fields.recordType, fields.recordId) : undefined;

  async function verify() {
    setCheck({ state: 'checking' });
    try {
      setCheck(await verifyEntryInclusion(get, browserHasher, checkpoint, entry));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      setCheck({ state: 'failed', reason: 'bad_response', detail });
    }
  }

  return (
    <li className="log-entry" data-index={entry.index}>
      <p className="log-entry-head">
        <span className="label">{number}</span>{' '}
        {fields ? <code dir="ltr">{fields.action}</code> : null}
      </p>
      {fields ? (
        <dl className="log-facts">
          <div>
            <dt>{t('logExplorer.subject')}</dt>
            <dd>
              {label(i18n, 'logRecord', fields.recordType)}{' '}
              {href ? (
                <Link href={href}>
                  <code dir="ltr">{fields.recordId}</code>
                </Link>
              ) : (
                <code dir="ltr" className="log-record-id">
                  {fields.recordId}
                </code>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('logExplorer.time')}</dt>
            <dd>
              <time dateTime={fields.time}>{formatDateTime(fields.time)}</time>
            </dd>
          </div>
          <div>
            <dt>{t('logExplorer.content')}</dt>
            <dd>{fields.salted ? t('logExplorer.salted') : t('logExplorer.public')}</dd>
          </div>
        </dl>
      ) : (
        <p className="muted">{t('logExplorer.undecodable')}</p>
      )}
      <div className="log-entry-check">
        <button
          type="button"
          className="button button-secondary"
          disabled={check.state === 'checking'}
          onClick={() => void verify()}
        >
          {t('logExplorer.verify')}
          <span className="visually-hidden"> ({number})</span>
        </button>
        <span role="status" className={`log-check log-check-${check.state}`}>
          {check.state === 'checking'
            ? t('logExplorer.verifying')
            : check.state === 'verified'
              ? t('logExplorer.included', { size: formatNumber(check.treeSize) })
              : check.state === 'failed'
                ? t('log.notVerified', { reason: t(`log.reason.${check.reason}`) })
                : null}
        </span>
      </div>
    </li>
  );
}
