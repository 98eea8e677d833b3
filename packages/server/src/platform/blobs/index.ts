/**
 * The evidence blob store: content-addressed storage (SHA-256) in a local directory or an
 * S3-compatible bucket, content-type sniffing and metadata extraction. See blob-store.ts.
 */
import path from 'node:path';
import type { Config } from '../../config/config.ts';
import { createLocalBlobStore, createS3BlobStore, type BlobStore } from './blob-store.ts';

export type { BlobStat, BlobStore, StagedBlob } from './blob-store.ts';
export { createLocalBlobStore, createS3BlobStore } from './blob-store.ts';
export type { LocalBlobStoreOptions, S3BlobStoreOptions } from './blob-store.ts';
export {
  assertSha256,
  BlobNotFoundError,
  BlobTooLargeError,
  BlobTruncatedError,
  SHA256_HEX,
} from './blob-errors.ts';
export {
  sniffContentType,
  sniffFileContentType,
  type EvidenceKind,
  type SniffResult,
} from './content-type.ts';
export { extractMetadata, type EvidenceMetadata } from './metadata.ts';
export { DEFAULT_ORPHAN_MIN_AGE_MS, sweepOrphans, type SweepResult } from './orphan-sweep.ts';
export { HEAD_BYTES } from './staging.ts';

/**
 * Opens the configured store. With S3, uploads are staged in `<dataDir>/evidence-staging` (local to
 * each process); the bucket is checked at once, so a wrong configuration fails at start-up.
 */
export function createBlobStore(
  evidence: Pick<Config['evidence'], 'store'>,
  dataDir: string,
): Promise<BlobStore> {
  const { store } = evidence;
  if (store.kind === 'local') return createLocalBlobStore(store.dir);
  return createS3BlobStore({
    bucket: store.bucket,
    region: store.region,
    endpoint: store.endpoint,
    forcePathStyle: store.forcePathStyle,
    credentials: { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey },
    stagingDir: path.join(path.resolve(dataDir), 'evidence-staging'),
  });
}
