/**
 * S3-compatible stores for the suites: an in-process @20minutes/s3rver (a pure-JS fake S3 server,
 * on 127.0.0.1 with files in a temporary directory), and a real store when
 * TRUCELINE_TEST_S3_ENDPOINT is set (with TRUCELINE_TEST_S3_BUCKET, _ACCESS_KEY_ID,
 * _SECRET_ACCESS_KEY and optionally _REGION, _FORCE_PATH_STYLE).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from '@20minutes/s3rver';
import type { S3BlobStoreOptions } from '../../../src/platform/blobs/blob-store.ts';

export type S3Target = Omit<S3BlobStoreOptions, 'stagingDir'>;

export interface FakeS3 {
  readonly target: S3Target;
  /** Sets an object's date (s3rver takes it from its file's mtime). */
  backdate(key: string, date: Date): void;
  close(): Promise<void>;
}

export const FAKE_BUCKET = 'truceline-evidence-test';

export async function startFakeS3(): Promise<FakeS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'truceline-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    // s3rver signs bucket-level requests without the trailing slash the current SDK sends in path
    // style (HeadBucket, ListObjectsV2), so it would refuse them; it still refuses unknown keys.
    allowMismatchedSignatures: true,
    configureBuckets: [{ name: FAKE_BUCKET }],
  });
  const { port } = await server.run();
  return {
    target: {
      bucket: FAKE_BUCKET,
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      // s3rver's fixed credentials.
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    },
    backdate(key, date) {
      const parts = key.split('/');
      const name = `${parts.pop()}._S3rver_object`;
      fs.utimesSync(path.join(directory, FAKE_BUCKET, ...parts, name), date, date);
    },
    async close() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A real S3-compatible store from the environment, or undefined (the suite says it skips it). */
export function externalS3(): S3Target | undefined {
  const env = process.env;
  const endpoint = env['TRUCELINE_TEST_S3_ENDPOINT'];
  if (!endpoint) return undefined;
  const need = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} is required with TRUCELINE_TEST_S3_ENDPOINT`);
    return value;
  };
  return {
    bucket: need('TRUCELINE_TEST_S3_BUCKET'),
    region: env['TRUCELINE_TEST_S3_REGION'] ?? 'us-east-1',
    endpoint,
    forcePathStyle: env['TRUCELINE_TEST_S3_FORCE_PATH_STYLE'] !== 'false',
    credentials: {
      accessKeyId: need('TRUCELINE_TEST_S3_ACCESS_KEY_ID'),
      secretAccessKey: need('TRUCELINE_TEST_S3_SECRET_ACCESS_KEY'),
    },
  };
}
