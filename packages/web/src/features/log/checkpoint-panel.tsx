/**
 * The latest checkpoint of the transparency log as this browser checked it: whether the log's
 * signature verified (and with which key), tree size, root hash, when it was signed, and each
 * witness's cosignature. Shared by the dashboard's log panel and the log explorer.
 */
import { useCallback } from 'react';
import { toHex } from '@truceline/domain/log/bytes';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { browserLogCrypto } from '../../platform/log-crypto.ts';
import { Heading, type HeadingLevel } from '../../platform/ui/heading.tsx';
import { useResource } from '../../platform/use-resource.ts';
import { browserKeyPin } from './key-pin.ts';
import type { LogKeyPin } from './verify-record.ts';
import {
  loadCheckpointReport,
  type CheckpointReport,
  type CheckpointReportResult,
  type ExplorerGet,
} from './log-explorer-data.ts';

/** GETs under `/api/v1` as text, whatever the status (stable per API client). */
export function useLogGet(): ExplorerGet {
  const api = useApi();
  return useCallback<ExplorerGet>((path, signal) => api.getRaw(path, signal), [api]);
}

/**
 * Compares with the key this browser remembered but never remembers one: for a panel beside the
 * public record, whose own check remembers the key and tells whether it was the first use.
 */
const CHECK_ONLY_PIN: LogKeyPin = {
  remembered: () => browserKeyPin.remembered(),
  remember: () => undefined,
};

/**
 * Loads and checks the latest checkpoint; `reload` checks again (a newer one, a trusted key).
 * `remember`: pin the log's key on first use (trust on first use), as the explorer does.
 */
export function useCheckpointReport(get: ExplorerGet, options: { remember: boolean }) {
  const pin = options.remember ? browserKeyPin : CHECK_ONLY_PIN;
  return useResource(
    useCallback(
      (signal: AbortSignal) => loadCheckpointReport(get, browserLogCrypto, { pin, signal }),
      [get, pin],
    ),
  );
}

/** The first 16 hex digits, in groups of four, to compare at a glance. */
export function shortHash(hex: string): string {
  return hex.slice(0, 16).match(/.{4}/g)?.join(' ') ?? hex;
}

export function CheckpointSummary({
  result,
  level,
  onReload,
}: {
  result: CheckpointReportResult;
  /** Level of the cosignatures' heading. */
  level: HeadingLevel;
  /** Checks again, after trusting a new key. */
  onReload(): void;
}) {
  const { t } = useI18n();
  if (result.state === 'pending') return <p className="muted">{t('logExplorer.noCheckpoint')}</p>;
  if (result.state === 'failed') {
    const presented = result.presentedKey;
    return (
      <div className="alert alert-error" role="alert" data-log-state="failed">
        <p>{t('log.notChecked', { reason: t(`log.reason.${result.reason}`) })}</p>
        {result.reason === 'key_changed' && presented ? (
          <>
            <p>{t('log.key.changedBody')}</p>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                browserKeyPin.remember(presented);
                onReload();
              }}
            >
              {t('log.key.trustNew')}
            </button>
          </>
        ) : (
          <p>
            <span className="label">{t('log.technicalDetail')}: </span>
            <span lang="en" dir="ltr">
              {result.detail}
            </span>
          </p>
        )}
      </div>
    );
  }
  return <CheckedCheckpoint report={result.report} level={level} />;
}

function CheckedCheckpoint({ report, level }: { report: CheckpointReport; level: HeadingLevel }) {
  const { t, formatNumber, formatDateTime } = useI18n();
  const { view, signedAt, cosignatures, missing } = report;
  const rootHash = toHex(view.checkpoint.rootHash);
  return (
    <div className="checkpoint" data-log-state="verified">
      <p className="log-verified">
        <svg className="log-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M6.2 11.6 2.6 8l1.1-1.1 2.5 2.5 6.1-6.1L13.4 4.4z" fill="currentColor" />
        </svg>
        <span>
          {t('logExplorer.signatureVerified')}{' '}
          <code dir="ltr" title={view.verifierKey}>
            {view.key.name}
          </code>
        </span>
      </p>
      <dl className="log-facts">
        <div>
          <dt>{t('log.checkpointSize')}</dt>
          <dd data-fact="tree-size">{formatNumber(view.checkpoint.treeSize)}</dd>
        </div>
        <div>
          <dt>{t('log.rootHash')}</dt>
          <dd>
            <code dir="ltr" title={rootHash}>
              {shortHash(rootHash)}…
            </code>
          </dd>
        </div>
        {signedAt ? (
          <div>
            <dt>{t('logExplorer.signedAt')}</dt>
            <dd>
              <time dateTime={signedAt}>{formatDateTime(signedAt)}</time>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('log.key.fingerprint')}</dt>
          <dd>
            <code dir="ltr" title={view.fingerprint}>
              {shortHash(view.fingerprint)}…
            </code>
          </dd>
        </div>
      </dl>
      <Heading level={level} className="subheading checkpoint-cosignatures">
        {t('logExplorer.cosignatures')}
      </Heading>
      {cosignatures.length === 0 ? (
        <p className="muted">{t('logExplorer.noCosignatures')}</p>
      ) : (
        <ul className="plain-list cosignatures" aria-label={t('logExplorer.cosignatures')}>
          {cosignatures.map((c, i) => (
            <li key={`${c.name}-${i}`} data-cosignature={c.state}>
              <code dir="ltr">{c.name}</code>{' '}
              <span className={`badge badge-cosignature-${c.state}`}>
                {t(`logExplorer.cosignature.${c.state}`)}
              </span>
              {c.time ? (
                <span className="meta">
                  {' '}
                  <time dateTime={c.time}>{formatDateTime(c.time)}</time>
                </span>
              ) : null}
              {c.required ? <span className="meta"> ({t('logExplorer.required')})</span> : null}
            </li>
          ))}
        </ul>
      )}
      {missing.length > 0 ? (
        <p>
          <span className="label">{t('logExplorer.missing')}</span>{' '}
          {missing.map((name, i) => (
            <span key={name}>
              {i > 0 ? ', ' : null}
              <code dir="ltr">{name}</code>
            </span>
          ))}
        </p>
      ) : null}
    </div>
  );
}
