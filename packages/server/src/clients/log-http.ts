/** A small HTTP client for a Truceline log's read API, over any `fetch`. */
export type Fetch = (
  url: string,
  init?: { headers?: Record<string, string>; method?: string; body?: string },
) => Promise<{
  ok: boolean;
  status: number;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

/** The log could not be read (network, HTTP error): distinct from a failed verification. */
export class LogUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogUnreachableError';
  }
}

export interface LogHttp {
  text(path: string): Promise<string>;
  json<T>(path: string): Promise<T>;
  bytes(path: string): Promise<Uint8Array>;
}

/** `base` is the log prefix, e.g. `http://127.0.0.1:8080/api/v1/log`; `token` adds a bearer token. */
export function logHttp(fetchImpl: Fetch, base: string, token?: string): LogHttp {
  const root = base.replace(/\/+$/, '');
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  async function get(path: string) {
    const url = path.startsWith('http') ? path : `${root}/${path.replace(/^\//, '')}`;
    let res;
    try {
      res = await fetchImpl(url, { headers });
    } catch (error) {
      throw new LogUnreachableError(`cannot reach ${url}: ${(error as Error).message}`);
    }
    if (!res.ok)
      throw new LogUnreachableError(
        `${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`,
      );
    return res;
  }
  return {
    text: async (path) => (await get(path)).text(),
    json: async (path) => JSON.parse(await (await get(path)).text()) as never,
    bytes: async (path) => new Uint8Array(await (await get(path)).arrayBuffer()),
  };
}
