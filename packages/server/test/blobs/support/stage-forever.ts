/**
 * A child process for the crash suite: opens a local blob store on argv[2] and stages an upload
 * that never ends (100 000 bytes, then nothing), printing "staging" once the bytes are written. The
 * parent kills it with SIGKILL in the middle, or checks that its upload is left alone while it runs.
 */
import { Readable } from 'node:stream';
import { createLocalBlobStore } from '../../../src/platform/blobs/blob-store.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: stage-forever.ts <dir>');
const store = await createLocalBlobStore(dir);
const source = new Readable({ read() {} });
source.push(Buffer.alloc(100_000, 0x41));
void store.stage(source, { maxBytes: 10_000_000 });
process.stdout.write('staging\n');
setInterval(() => undefined, 60_000);
