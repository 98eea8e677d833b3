/**
 * Synthetic log content made by the database itself in one statement (generate_series), so that
 * filling a million pending entries takes seconds, not a million API calls.
 *
 * Entry `i` is a public `agreement.update` entry in the canonical JSON the log writer produces
 * (sorted keys, hex commitment, ISO time), about 300 bytes like a real one. The same bytes are
 * built in JavaScript by {@link syntheticEntry}: the benchmark hashes them for its SHA-256 baseline
 * and checks that the sequencer's signed root equals the root computed from them.
 */
import crypto from 'node:crypto';

const ACTORS = [
  '3f1c2a9e-5b7d-4e8a-9c1f-2d3b4a5c6e7f',
  '8a9b0c1d-2e3f-4a5b-8c7d-9e0f1a2b3c4d',
  'c4d5e6f7-0a1b-4c2d-9e3f-4a5b6c7d8e9f',
  '1b2c3d4e-5f60-4718-a9b0-c1d2e3f4a5b6',
];
const ORGANISATIONS = [
  '0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b',
  '5a6b7c8d-9e0f-4a1b-b2c3-d4e5f6a7b8c9',
  '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
];
const BASE_TIME_MS = Date.UTC(2025, 0, 1);

const md5 = (text: string) => crypto.createHash('md5').update(text).digest('hex');
const uuidFromHex = (h: string) =>
  `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;

/** The bytes of synthetic entry `i`, exactly as {@link fillPendingSql} makes them. */
export function syntheticEntry(i: number): Buffer {
  const text =
    `{"action":"agreement.update","actor":"${ACTORS[i % 4]}","commitment":"${md5(`c${i}`)}${md5(`d${i}`)}",` +
    `"organisation":"${ORGANISATIONS[i % 4]}","recordId":"${uuidFromHex(md5(`r${i}`))}",` +
    `"recordType":"agreement","salted":false,"time":"${new Date(BASE_TIME_MS + i * 1000).toISOString()}","v":1}`;
  return Buffer.from(text, 'utf8');
}

const sqlArray = (values: readonly string[]) => `array[${values.map((v) => `'${v}'`).join(',')}]`;
const sqlUuid = (h: string) =>
  `substr(${h},1,8)||'-'||substr(${h},9,4)||'-'||substr(${h},13,4)||'-'||substr(${h},17,4)||'-'||substr(${h},21,12)`;

/**
 * One INSERT … SELECT that appends entries `from` … `to - 1` to log_pending, in order (so their
 * `seq`, and so their leaf index in an empty tree, follows `i`). Public records: no salt.
 */
export function fillPendingSql(from: number, to: number): string {
  // `offset 0` keeps PostgreSQL from inlining the subqueries, which would compute each md5 once
  // per reference instead of once per row.
  const entry =
    `'{"action":"agreement.update","actor":"'||(${sqlArray(ACTORS)})[i%4+1]` +
    `||'","commitment":"'||md5('c'||i)||md5('d'||i)` +
    `||'","organisation":"'||(${sqlArray(ORGANISATIONS)})[i%4+1]` +
    `||'","recordId":"'||rid` +
    `||'","recordType":"agreement","salted":false,"time":"'` +
    `||to_char(timestamp '2025-01-01 00:00:00' + i * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"')` +
    `||'","v":1}'`;
  const record = `'{"id":"'||rid||'","status":"in_force","title":"Synthetic agreement '||i||'","version":'||i||'}'`;
  return (
    `insert into log_pending (entry, salt, record_type, record_id, record, visibility, owner_organisation_id) ` +
    `select convert_to(${entry}, 'UTF8'), null, 'agreement', rid, ${record}, 'public', null ` +
    `from (select i, ${sqlUuid('h')} as rid from ` +
    `(select i, md5('r'||i) as h from generate_series(${from}::bigint, ${to - 1}::bigint) as i offset 0) as a ` +
    `offset 0) as s order by i`
  );
}

/**
 * Statements that fill log_hashes with random-looking hashes for every complete subtree of a tree
 * of `size` leaves, one statement per group of levels so two connections can share the work
 * (level 0 holds about half the rows). The hashes are SHA-256 of the position, not a Merkle tree:
 * proofs built from them measure latency only and verify against nothing.
 */
export function syntheticHashesSql(size: number): string[] {
  const maxLevel = Math.floor(Math.log2(size));
  // SHA-256 of (level << 40 | index): 32 distinct bytes per row, twice as fast as two md5s.
  const hash = `sha256(int8send((l::bigint << 40) | i))`;
  const insert = (levels: string) =>
    `insert into log_hashes (level, idx, hash) select l, i, ${hash} ` +
    `from generate_series(${levels}) as l, ` +
    `lateral generate_series(0::bigint, (${size}::bigint >> l) - 1) as i`;
  return maxLevel === 0 ? [insert('0, 0')] : [insert('0, 0'), insert(`1, ${maxLevel}`)];
}
