/** A `fetch` that goes through `app.inject`: clients (auditor, witness) tested without a socket. */
import type { App } from '../../src/platform/http/app-types.ts';
import type { Fetch } from '../../src/clients/log-http.ts';

export const TEST_ORIGIN = 'http://truceline.test';

export function injectFetch(app: App): Fetch {
  return async (url, init) => {
    const res = await app.inject({
      method: (init?.method ?? 'GET') as 'GET',
      url: url.replace(TEST_ORIGIN, ''),
      headers: init?.headers ?? {},
      ...(init?.body !== undefined ? { payload: init.body } : {}),
    });
    return {
      ok: res.statusCode >= 200 && res.statusCode < 300,
      status: res.statusCode,
      text: async () => res.body,
      arrayBuffer: async () => {
        const raw = res.rawPayload;
        return raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer;
      },
    };
  };
}
