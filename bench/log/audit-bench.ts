/**
 * Full audit: the auditor (packages/server/src/clients/log-auditor.ts, audit({ full: true })) in
 * this process against the real server over loopback HTTP: it verifies the signed checkpoint,
 * downloads every entry bundle, recomputes every leaf and node hash and compares the root.
 */
import { audit } from '../../packages/server/src/clients/log-auditor.ts';
import { logHttp, type Fetch } from '../../packages/server/src/clients/log-http.ts';
import { ed25519VerifierKey } from '@truceline/domain';
import {
  nodeHasher,
  nodeVerifier,
  type LogSigningKey,
} from '../../packages/server/src/platform/secrets/log-signing-key.ts';
import { log } from './stats.ts';

export interface AuditTiming {
  readonly entries: number;
  readonly ms: number;
  /** Until the last entry bundle arrived (fetch, decode); the rest is hashing and parsing. */
  readonly downloadMs: number;
  readonly bundles: number;
}

export async function benchAudit(
  baseUrl: string,
  key: LogSigningKey,
  origin: string,
  expectedSize: number,
  timeLimitMs: number,
): Promise<AuditTiming> {
  let downloadedAt = NaN;
  let bundles = 0;
  let lastReport = performance.now();
  const t0 = performance.now();
  const deadline = t0 + timeLimitMs;
  const boundedFetch: Fetch = (url, init) => {
    if (performance.now() > deadline) return Promise.reject(new Error('audit: time limit reached'));
    return fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  };
  const result = await audit({
    http: logHttp(boundedFetch, `${baseUrl}/api/v1/log`),
    hasher: nodeHasher,
    verifier: nodeVerifier,
    logKey: ed25519VerifierKey(nodeHasher, origin, key.publicKey),
    witnessKeys: [],
    previous: undefined,
    full: true,
    onProgress: (done, total) => {
      bundles++;
      if (done === total) downloadedAt = performance.now();
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        log(
          `audit: ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} entries downloaded`,
        );
      }
    },
  });
  const ms = performance.now() - t0;
  if (result.findings.length > 0) {
    throw new Error(
      `the audit found problems: ${result.findings.map((f) => f.message).join('; ')}`,
    );
  }
  if (result.entriesChecked !== expectedSize) {
    throw new Error(`the audit checked ${result.entriesChecked} entries, expected ${expectedSize}`);
  }
  return { entries: result.entriesChecked, ms, downloadMs: downloadedAt - t0, bundles };
}
