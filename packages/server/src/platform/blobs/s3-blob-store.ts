/**
 * The blob store in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, Garage, …), through the
 * official AWS SDK.
 *
 * Uploads are staged to a local directory exactly as for the local store (hashing, limit, crash
 * leftovers); a commit is one PutObject of the key `sha256/<hash>` carrying the SHA-256 as its
 * checksum, so the store itself refuses bytes that differ from the address, and an object appears
 * only whole. A commit of content already stored (HeadObject finds it) uploads nothing, except to
 * refresh the date of an object older than ten minutes, so that an orphan sweep does not take it
 * for an orphan: a copy onto itself, or, where the store does not change the date that way, the
 * same bytes again.
 *
 * The SDK computes and validates its own checksums only when an operation requires them, since
 * several S3-compatible stores refuse the newer default (trailing CRC32 checksums).
 */
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { assertSha256, BlobNotFoundError, SHA256_HEX } from './blob-errors.ts';
import type { BlobStat, BlobStore } from './blob-store.ts';
import { openStagingArea, stagedBlob, type StagedFile } from './staging.ts';

export interface S3BlobStoreOptions {
  readonly bucket: string;
  readonly region: string;
  /** For a store other than AWS, e.g. http://127.0.0.1:9000; AWS's own endpoint when absent. */
  readonly endpoint?: string | undefined;
  /** Address the bucket in the path (http://host/bucket/key), as most self-hosted stores want. */
  readonly forcePathStyle?: boolean;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** A local directory for uploads in progress. */
  readonly stagingDir: string;
  /** Age after which another host's untouched staging file counts as abandoned (default 1 hour). */
  readonly staleStagingMs?: number;
  /** Checks at creation that the bucket answers (HeadBucket), failing fast on a wrong configuration. Default true. */
  readonly verifyBucket?: boolean;
}

const CONTENT_TYPE = 'application/octet-stream';

/**
 * A commit of content already stored refreshes the object's date only when it is older than this
 * (a request saved for repeats), well within the orphan sweep's grace for young blobs (an hour).
 */
export const REFRESH_AFTER_MS = 10 * 60 * 1000;

export async function createS3BlobStore(options: S3BlobStoreOptions): Promise<BlobStore> {
  const { bucket } = options;
  const client = new S3Client({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    forcePathStyle: options.forcePathStyle ?? false,
    credentials: {
      accessKeyId: options.credentials.accessKeyId,
      secretAccessKey: options.credentials.secretAccessKey,
    },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const where = `S3 bucket "${bucket}"${options.endpoint === undefined ? '' : ` at ${options.endpoint}`}`;
  if (options.verifyBucket ?? true) {
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (error) {
      client.destroy();
      // Not attached as a cause: the SDK's error holds the signed request (access key id included).
      throw new Error(`The ${where} is not usable: ${describe(error)}`);
    }
  }
  const staging = await openStagingArea(options.stagingDir, {
    ...(options.staleStagingMs === undefined ? {} : { staleAfterMs: options.staleStagingMs }),
  });

  const keyOf = (sha256: string): string => {
    assertSha256(sha256);
    return `sha256/${sha256}`;
  };

  const stat = async (sha256: string): Promise<BlobStat | undefined> => {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: keyOf(sha256) }));
      return { size: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };

  const put = async (file: StagedFile): Promise<void> => {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: keyOf(file.sha256),
        Body: createReadStream(file.path),
        ContentLength: file.size,
        ContentType: CONTENT_TYPE,
        ChecksumSHA256: Buffer.from(file.sha256, 'hex').toString('base64'),
      }),
    );
  };

  /** Makes an existing object's date recent: a copy onto itself, or the same bytes again. */
  const refresh = async (file: StagedFile, before: BlobStat): Promise<void> => {
    const key = keyOf(file.sha256);
    try {
      await client.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: key,
          CopySource: `${bucket}/${key}`,
          MetadataDirective: 'REPLACE',
          ContentType: CONTENT_TYPE,
        }),
      );
      const after = await stat(file.sha256);
      if (after && after.modifiedAt > before.modifiedAt) return;
    } catch {
      // a store that cannot copy in place: upload instead
    }
    await put(file);
  };

  const commit = async (file: StagedFile): Promise<void> => {
    const existing = await stat(file.sha256);
    if (!existing) await put(file);
    else if (Date.now() - existing.modifiedAt.getTime() > REFRESH_AFTER_MS) {
      await refresh(file, existing);
    }
    await fs.rm(file.path, { force: true });
  };

  return {
    kind: 's3',
    async stage(source, { maxBytes }) {
      return stagedBlob(await staging.stage(source, { maxBytes }), commit);
    },
    async open(sha256): Promise<Readable> {
      let body: unknown;
      try {
        body = (await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(sha256) })))
          .Body;
      } catch (error) {
        if (isNotFound(error)) throw new BlobNotFoundError(sha256);
        throw error;
      }
      if (body instanceof Readable) return body;
      throw new Error(`The ${where} returned no readable body for ${sha256}`);
    },
    async has(sha256) {
      return (await stat(sha256)) !== undefined;
    },
    stat,
    async *list() {
      for await (const page of paginateListObjectsV2(
        { client },
        { Bucket: bucket, Prefix: 'sha256/' },
      )) {
        for (const object of page.Contents ?? []) {
          const sha256 = object.Key?.slice('sha256/'.length) ?? '';
          if (SHA256_HEX.test(sha256)) yield sha256;
        }
      }
    },
    async delete(sha256) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(sha256) }));
    },
    clearStaging: () => staging.clear(),
    async close() {
      staging.close();
      client.destroy();
    },
  };
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}

/** The SDK's error name, status and message: no request details, so no credentials. */
function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  return `${e.name ?? 'Error'}${status === undefined ? '' : ` (HTTP ${status})`}: ${e.message ?? String(error)}`;
}
