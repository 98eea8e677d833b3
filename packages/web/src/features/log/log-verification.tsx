/**
 * "Verified in the log" for the public record, checked in this browser (verify-record.ts).
 *
 * {@link LogVerificationProvider} loads the log's key and checkpoint once per page view and
 * shares them with every {@link LogBadge}; {@link LogKeyNotice} shows which key the page trusts,
 * and warns loudly when it differs from the key this browser remembered (trust on first use).
 */
import {
  createContext,
  use,
  useCallback,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { encodeUtf8, toHex } from '@truceline/domain/log/bytes';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { browserHasher, browserLogCrypto } from '../../platform/log-crypto.ts';
import { browserKeyPin } from './key-pin.ts';
import {
  createLogViewSource,
  verifyRecord,
  type LogGet,
  type LogPosition,
  type LogViewResult,
  type LogViewSource,
  type PublicRecordType,
  type VerifyFailureReason,
  type VerifyResult,
} from './verify-record.ts';

interface LogVerificationContextValue {
  readonly get: LogGet;
  readonly source: LogViewSource;
  /** The latest key-and-checkpoint result, once loaded. */
  readonly view: LogViewResult | undefined;
  /** After a key change: remember the key now presented and check everything again. */
  trustPresentedKey(): void;
}

const LogVerificationContext = createContext<LogVerificationContextValue | undefined>(undefined);

/** Wrap the public record in this: one key-and-checkpoint fetch for all its badges. */
export function LogVerificationProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const get = useCallback<LogGet>((path, signal) => api.getRaw(path, signal), [api]);
  const [generation, setGeneration] = useState(0);
  const [view, setView] = useState<LogViewResult | undefined>(undefined);

  // A new source, so a new fetch of key and checkpoint, for each `generation`: after trusting a
  // new key, everything is checked again.
  const source = useMemo<LogViewSource>(() => {
    void generation;
    const inner = createLogViewSource(get, browserLogCrypto, { pin: browserKeyPin });
    // The key notice shows the newest result the badges were checked against; "first seen now"
    // stays true after a refresh in the same page view.
    const report = (result: Promise<LogViewResult>) => {
      result.then(
        (next) =>
          setView((previous) =>
            previous?.state === 'ok' && next.state === 'ok' && previous.view.firstUse
              ? { ...next, view: { ...next.view, firstUse: true } }
              : next,
          ),
        () => undefined,
      );
      return result;
    };
    let first: Promise<LogViewResult> | undefined;
    let second: Promise<LogViewResult> | undefined;
    return {
      view: () => (first ??= report(inner.view())),
      refreshed: () => (second ??= report(inner.refreshed())),
    };
  }, [get, generation]);

  useEffect(() => {
    void source.view();
  }, [source]);

  const trustPresentedKey = useCallback(() => {
    if (view?.state === 'failed' && view.presentedKey) {
      browserKeyPin.remember(view.presentedKey);
      setView(undefined);
      setGeneration((n) => n + 1);
    }
  }, [view]);

  const value = useMemo(
    () => ({ get, source, view, trustPresentedKey }),
    [get, source, view, trustPresentedKey],
  );
  return <LogVerificationContext value={value}>{children}</LogVerificationContext>;
}

function useLogVerificationContext(): LogVerificationContextValue {
  const value = use(LogVerificationContext);
  if (!value) throw new Error('LogBadge must be used inside <LogVerificationProvider>');
  return value;
}

type BadgeState = { readonly state: 'checking' } | VerifyResult;

function useRecordVerification(type: PublicRecordType, id: string, shown: unknown): BadgeState {
  const { get, source } = useLogVerificationContext();
  const [result, setResult] = useState<
    | { source: LogViewSource; type: string; id: string; shown: unknown; value: VerifyResult }
    | undefined
  >();

  useEffect(() => {
    const controller = new AbortController();
    const settle = (value: VerifyResult) => {
      if (!controller.signal.aborted) setResult({ source, type, id, shown, value });
    };
    verifyRecord(
      get,
      { type, id, shown },
      { crypto: browserLogCrypto, source, signal: controller.signal },
    ).then(settle, (error: unknown) => {
      const detail = error instanceof Error ? error.message : String(error);
      settle({ state: 'failed', reason: 'bad_response', detail });
    });
    return () => controller.abort();
  }, [get, source, type, id, shown]);

  // A result for other inputs (a reload, a new key) is stale: checking again.
  const current =
    result?.source === source && result.type === type && result.id === id && result.shown === shown;
  return current ? result.value : { state: 'checking' };
}

function CheckIcon() {
  return (
    <svg className="log-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M6.2 11.6 2.6 8l1.1-1.1 2.5 2.5 6.1-6.1L13.4 4.4z" fill="currentColor" />
    </svg>
  );
}

function CrossIcon() {
  return (
    <svg className="log-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path
        d="M4.1 3 8 6.9 11.9 3 13 4.1 9.1 8l3.9 3.9-1.1 1.1L8 9.1 4.1 13 3 11.9 6.9 8 3 4.1z"
        fill="currentColor"
      />
    </svg>
  );
}

/** The first 16 hex digits, in groups of four, for people to compare at a glance. */
function shortHash(hex: string): string {
  return hex.slice(0, 16).match(/.{4}/g)?.join(' ') ?? hex;
}

function fingerprintOf(verifierKey: string): string {
  return toHex(browserHasher.sha256(encodeUtf8(verifierKey)));
}

/**
 * The verdict on one record, next to it: verified, checking, not yet logged, differs, in the log
 * but not open to this viewer, or failed.
 */
export function LogBadge({
  type,
  id,
  record,
}: {
  type: PublicRecordType;
  id: string;
  /** The record as the API returned it (the exact object, not a copy made for display). */
  record: unknown;
}) {
  const { t, formatNumber } = useI18nNumbers();
  const result = useRecordVerification(type, id, record);
  const reason = (r: VerifyFailureReason) => t(`log.reason.${r}`);

  switch (result.state) {
    case 'checking':
      return (
        <span className="log-badge log-badge-checking" data-log-state="checking">
          {t('log.checking')}
        </span>
      );
    case 'pending':
      return (
        <details className="log-badge log-badge-pending" data-log-state="pending">
          <summary>{t('log.pending')}</summary>
          <p>{t('log.pendingHint')}</p>
        </details>
      );
    case 'verified':
    case 'differs': {
      const verified = result.state === 'verified';
      return (
        <details
          className={verified ? 'log-badge log-badge-verified' : 'log-badge log-badge-differs'}
          data-log-state={result.state}
        >
          <summary>
            {verified ? <CheckIcon /> : <CrossIcon />}
            {verified
              ? t('log.verified', {
                  number: formatNumber(result.index + 1),
                  size: formatNumber(result.treeSize),
                })
              : t('log.differs')}
          </summary>
          {verified ? null : (
            <p>
              {t('log.differsFields')}{' '}
              {result.fields.map((f, i) => (
                <span key={f}>
                  {i > 0 ? ', ' : null}
                  <code dir="ltr">{f}</code>
                </span>
              ))}
            </p>
          )}
          <LogFacts position={result} />
        </details>
      );
    }
    case 'withheld':
      return (
        <details className="log-badge log-badge-pending" data-log-state="withheld">
          <summary>
            {t('log.withheld', {
              number: formatNumber(result.index + 1),
              size: formatNumber(result.treeSize),
            })}
          </summary>
          <p>{t('log.withheldHint')}</p>
          <LogFacts position={result} />
        </details>
      );
    case 'failed':
      return (
        <details className="log-badge log-badge-failed" data-log-state="failed">
          <summary>
            <CrossIcon />
            {t('log.notVerified', { reason: reason(result.reason) })}
          </summary>
          <p>
            <span className="label">{t('log.technicalDetail')}: </span>
            <span lang="en" dir="ltr">
              {result.detail}
            </span>
          </p>
        </details>
      );
  }
}

/** Where the record's entry sits in the signed log. */
function LogFacts({ position }: { position: LogPosition }) {
  const { t, formatNumber } = useI18nNumbers();
  return (
    <dl className="log-facts">
      <div>
        <dt>{t('log.entryIndex')}</dt>
        <dd>{formatNumber(position.index)}</dd>
      </div>
      <div>
        <dt>{t('log.checkpointSize')}</dt>
        <dd>{formatNumber(position.treeSize)}</dd>
      </div>
      <div>
        <dt>{t('log.rootHash')}</dt>
        <dd>
          <code dir="ltr" title={position.rootHash}>
            {shortHash(position.rootHash)}…
          </code>
        </dd>
      </div>
    </dl>
  );
}

function useI18nNumbers() {
  const i18n = useI18n();
  const formatNumber = useMemo(() => {
    const format = new Intl.NumberFormat(i18n.locale);
    return (n: number) => format.format(n);
  }, [i18n.locale]);
  return { ...i18n, formatNumber };
}

/**
 * Which log key this page trusts (name and fingerprint, to compare with one published elsewhere)
 * and the latest checkpoint; a loud warning instead when the key changed since an earlier visit.
 */
export function LogKeyNotice() {
  const { t, formatNumber } = useI18nNumbers();
  const { view, trustPresentedKey } = useLogVerificationContext();
  if (view === undefined || view.state === 'pending') return null;

  if (view.state === 'failed') {
    if (view.reason === 'key_changed' && view.previousKey && view.presentedKey) {
      return (
        <div className="alert alert-error log-key-changed" role="alert">
          <p className="alert-title">{t('log.key.changedTitle')}</p>
          <p>{t('log.key.changedBody')}</p>
          <dl className="log-facts">
            <div>
              <dt>{t('log.key.previous')}</dt>
              <dd>
                <code dir="ltr">{shortHash(fingerprintOf(view.previousKey))}</code>
              </dd>
            </div>
            <div>
              <dt>{t('log.key.presented')}</dt>
              <dd>
                <code dir="ltr">{shortHash(fingerprintOf(view.presentedKey))}</code>
              </dd>
            </div>
          </dl>
          <button type="button" className="button button-secondary" onClick={trustPresentedKey}>
            {t('log.key.trustNew')}
          </button>
        </div>
      );
    }
    return (
      <p className="log-key log-key-failed">
        {t('log.notChecked', { reason: t(`log.reason.${view.reason}`) })}
      </p>
    );
  }

  const { key, verifierKey, fingerprint, firstUse, checkpoint } = view.view;
  return (
    <details className="log-key">
      <summary>{t('log.key.heading')}</summary>
      <dl className="log-facts">
        <div>
          <dt>{t('log.key.name')}</dt>
          <dd>
            <code dir="ltr">{key.name}</code>
          </dd>
        </div>
        <div>
          <dt>{t('log.key.fingerprint')}</dt>
          <dd>
            <code dir="ltr" className="log-fingerprint">
              {fingerprint.match(/.{4}/g)?.join(' ')}
            </code>
          </dd>
        </div>
        <div>
          <dt>{t('log.checkpointSize')}</dt>
          <dd>{formatNumber(checkpoint.treeSize)}</dd>
        </div>
        <div>
          <dt>{t('log.rootHash')}</dt>
          <dd>
            <code dir="ltr">{shortHash(toHex(checkpoint.rootHash))}…</code>
          </dd>
        </div>
      </dl>
      <p className="meta">{firstUse ? t('log.key.firstUse') : t('log.key.remembered')}</p>
      <p className="meta">{t('log.key.compare')}</p>
      <p className="log-vkey">
        <span className="label">{t('log.key.verifierKey')}: </span>
        <code dir="ltr">{verifierKey}</code>
      </p>
    </details>
  );
}
