/**
 * Reaching out to the open web (news feeds and pages, webhook deliveries) without becoming a way
 * into the mechanism's own network (SSRF): http and https only, no credentials in the address, and every address a name
 * resolves to must be public unicast (ipaddr.js's ranges): private, loopback, link-local, shared,
 * multicast and reserved addresses are refused. The check runs in the connection's own DNS lookup,
 * so the address checked is the address connected to (no rebinding between check and use), and
 * again on every redirect. Loopback is allowed only when the configuration says so (tests).
 *
 * Every fetch has a deadline and a size cap; a response past either is abandoned. Conditional
 * requests send the validators given; a 304 comes back as such.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import ipaddr from 'ipaddr.js';

export interface FetchPolicy {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly allowLoopback: boolean;
}

export interface FetchResult {
  readonly status: 200 | 304;
  /** The address finally answered (after redirects). */
  readonly url: string;
  readonly contentType: string | null;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly body: Uint8Array;
}

/** A fetch that failed; `refused` when the address itself is not allowed. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    message: string,
    readonly refused = false,
    /** Worth trying again later: no answer in time, a dropped connection, a 5xx or a 429. */
    readonly transient = false,
  ) {
    super(message);
  }
}

const MAX_REDIRECTS = 5;
const USER_AGENT = 'Truceline/0.1 (ceasefire monitoring; news reader)';

/** Whether a connection to `address` is allowed: public unicast, or loopback when allowed. */
export function addressAllowed(address: string, allowLoopback: boolean): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip instanceof ipaddr.IPv6 && ip.isIPv4MappedAddress()) ip = ip.toIPv4Address();
  const range = ip.range();
  return range === 'unicast' || (allowLoopback && range === 'loopback');
}

const refusedAddress = (host: string, address: string) =>
  new FetchError(
    `${host} is ${address === host ? 'an address' : `at ${address}`} in a private, loopback, link-local or reserved range; only public addresses are fetched`,
    true,
  );

/**
 * Checks an address before anything is stored: its scheme, and (by resolving it) that it is
 * public. Throws a refused {@link FetchError}; a name that does not resolve is a plain one.
 */
export async function assertFetchable(url: string, allowLoopback: boolean): Promise<URL> {
  const parsed = checkedUrl(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) {
    if (!addressAllowed(host, allowLoopback)) throw refusedAddress(host, host);
    return parsed;
  }
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true });
  } catch {
    throw new FetchError(`${host} does not resolve to an address`);
  }
  const bad = addresses.find((a) => !addressAllowed(a.address, allowLoopback));
  if (bad) throw refusedAddress(host, bad.address);
  return parsed;
}

function checkedUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FetchError(`"${url.slice(0, 200)}" is not an address`, true);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new FetchError(`only http and https addresses are fetched, not ${parsed.protocol}`, true);
  if (parsed.username || parsed.password)
    throw new FetchError('addresses with a user name or password are not fetched', true);
  return parsed;
}

/** A DNS lookup for the connection that answers only with allowed addresses. */
function guardedLookup(allowLoopback: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      const bad = list.find((a) => !addressAllowed(a.address, allowLoopback));
      if (bad || list.length === 0)
        return callback(
          refusedAddress(hostname, bad?.address ?? 'no address') as NodeJS.ErrnoException,
          '',
          0,
        );
      if (options.all)
        (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      else callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

function decompress(res: http.IncomingMessage): Readable {
  const encoding = String(res.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return res.pipe(zlib.createGunzip());
  if (encoding === 'deflate') return res.pipe(zlib.createInflate());
  if (encoding === 'br') return res.pipe(zlib.createBrotliDecompress());
  return res;
}

interface Answer {
  readonly res: http.IncomingMessage;
}

function request(
  url: URL,
  headers: Record<string, string>,
  policy: FetchPolicy,
  signal: AbortSignal,
): Promise<Answer> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) && !addressAllowed(host, policy.allowLoopback))
    return Promise.reject(refusedAddress(host, host));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(
      url,
      { headers, lookup: guardedLookup(policy.allowLoopback), signal, agent: false },
      (res) => resolve({ res }),
    );
    req.on('error', reject);
  });
}

async function readBody(res: http.IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw new FetchError(`the response is ${declared} bytes, more than the ${maxBytes} accepted`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of decompress(res)) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      res.destroy();
      throw new FetchError(`the response is more than the ${maxBytes} bytes accepted`);
    }
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * GETs `url`, following up to five redirects. `conditional` validators are sent as If-None-Match
 * and If-Modified-Since. Throws {@link FetchError} for a refused address, a network failure, the
 * deadline, a too-large body or a status other than 2xx and 304.
 */
export async function safeFetch(
  url: string,
  policy: FetchPolicy,
  options: {
    readonly accept?: string;
    readonly etag?: string | null;
    readonly lastModified?: string | null;
  } = {},
): Promise<FetchResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: options.accept ?? 'text/html, text/plain;q=0.9, */*;q=0.5',
    'accept-encoding': 'gzip, deflate, br',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  let current = checkedUrl(url);
  try {
    for (let hop = 0; ; hop++) {
      const { res } = await request(current, headers, policy, controller.signal);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if ([301, 302, 303, 307, 308].includes(status) && location) {
        res.resume();
        if (hop >= MAX_REDIRECTS) throw new FetchError(`more than ${MAX_REDIRECTS} redirects`);
        current = checkedUrl(new URL(location, current).toString());
        continue;
      }
      const result = {
        url: current.toString(),
        contentType: res.headers['content-type'] ?? null,
        etag: typeof res.headers.etag === 'string' ? res.headers.etag : null,
        lastModified: res.headers['last-modified'] ?? null,
      };
      if (status === 304) {
        res.resume();
        return { ...result, status: 304, body: new Uint8Array() };
      }
      if (status < 200 || status > 299) {
        res.resume();
        throw new FetchError(
          `the server answered ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}`,
          false,
          status >= 500 || status === 429,
        );
      }
      return { ...result, status: 200, body: await readBody(res, policy.maxBytes) };
    }
  } catch (error) {
    if (controller.signal.aborted)
      throw new FetchError(
        `no complete answer within ${policy.timeoutMs} ms (timed out)`,
        false,
        true,
      );
    if (error instanceof FetchError) throw error;
    const cause = error as NodeJS.ErrnoException;
    if (cause.name === 'FetchError') throw error;
    throw new FetchError(`the fetch failed: ${cause.code ?? cause.message}`, false, true);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Checks an address given to be called later (a webhook) without resolving it: http or https, no
 * credentials, and not a literal address or `localhost` outside the public range. Names are
 * checked when connecting ({@link safePost}), where a name that resolves inside is refused too.
 */
export function assertPublicUrl(url: string, allowLoopback: boolean): URL {
  const parsed = checkedUrl(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (net.isIP(host) && !addressAllowed(host, allowLoopback)) throw refusedAddress(host, host);
  if (!allowLoopback && (host === 'localhost' || host.endsWith('.localhost')))
    throw refusedAddress(host, '127.0.0.1');
  return parsed;
}

/**
 * POSTs `body` to `url` through the same guarded connection as {@link safeFetch}, following no
 * redirect, and returns the status (the answer's body is discarded). Throws {@link FetchError}
 * for a refused address, a network failure or the deadline.
 */
export async function safePost(
  url: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  policy: Pick<FetchPolicy, 'timeoutMs' | 'allowLoopback'>,
): Promise<number> {
  const target = assertPublicUrl(url, policy.allowLoopback);
  const client = target.protocol === 'https:' ? https : http;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  try {
    return await new Promise<number>((resolve, reject) => {
      const req = client.request(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          lookup: guardedLookup(policy.allowLoopback),
          signal: controller.signal,
          agent: false,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  } catch (error) {
    if (controller.signal.aborted)
      throw new FetchError(`no answer within ${policy.timeoutMs} ms (timed out)`, false, true);
    if (error instanceof FetchError) throw error;
    const cause = error as NodeJS.ErrnoException;
    if (cause.name === 'FetchError') throw error;
    throw new FetchError(`the request failed: ${cause.code ?? cause.message}`, false, true);
  } finally {
    clearTimeout(timer);
  }
}
