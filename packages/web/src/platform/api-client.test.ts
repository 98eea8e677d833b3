/**
 * The client's idempotency keys: a call that got no answer reuses its key when sent again, so the
 * server can answer from the first attempt; anything else gets a new key.
 */
import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from './api-client.ts';

/** A fake `fetch` that records the keys sent and answers (or fails) as told. */
function fakeServer() {
  const keys: (string | undefined)[] = [];
  let next: 'ok' | 'offline' | 'busy' = 'ok';
  const fetch = (async (_url: string, init: RequestInit) => {
    keys.push((init.headers as Record<string, string>)['idempotency-key']);
    if (next === 'offline') throw new TypeError('Failed to fetch');
    if (next === 'busy') {
      return new Response(JSON.stringify({ status: 409, code: 'request_in_progress', title: '' }), {
        status: 409,
        headers: { 'content-type': 'application/problem+json' },
      });
    }
    return new Response('{"ok":true}', {
      status: 201,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof globalThis.fetch;
  return {
    api: new ApiClient({ fetch }),
    keys,
    answer(how: 'ok' | 'offline' | 'busy') {
      next = how;
    },
  };
}

const send = (api: ApiClient, body: unknown) =>
  api.request('POST', '/complaints/x/evidence', { body }).catch((e: unknown) => e);

describe('idempotency keys', () => {
  it('reuses the key of a call that got no answer, and only that one', async () => {
    const { api, keys, answer } = fakeServer();
    answer('offline');
    const lost = await send(api, { title: 'A' });
    expect(lost).toBeInstanceOf(ApiError);
    expect((lost as ApiError).code).toBe('network_error');
    answer('ok');
    await send(api, { title: 'A' });
    expect(keys[1]).toBe(keys[0]);
    expect(keys[0]).toMatch(/^[0-9a-f-]{32,36}$/);

    // Answered: a new submission of the same thing is a new request.
    await send(api, { title: 'A' });
    expect(keys[2]).not.toBe(keys[1]);
  });

  it('gives a different call its own key, even after a lost one', async () => {
    const { api, keys, answer } = fakeServer();
    answer('offline');
    await send(api, { title: 'A' });
    answer('ok');
    await send(api, { title: 'B' });
    expect(keys[1]).not.toBe(keys[0]);
    // The lost call is still remembered.
    await send(api, { title: 'A' });
    expect(keys[2]).toBe(keys[0]);
  });

  it('keeps the key while the server says the first attempt is still running', async () => {
    const { api, keys, answer } = fakeServer();
    answer('offline');
    await send(api, { title: 'A' });
    answer('busy');
    expect(((await send(api, { title: 'A' })) as ApiError).code).toBe('request_in_progress');
    answer('ok');
    await send(api, { title: 'A' });
    expect(new Set(keys).size).toBe(1);
  });

  it('sends no key with reads, bodiless calls or the sign-in', async () => {
    const { api, keys } = fakeServer();
    await api.request('GET', '/agreements').catch(() => undefined);
    await api.request('POST', '/auth/logout').catch(() => undefined);
    await api.login({ email: 'a@example.org', password: 'a long password' }).catch(() => undefined);
    expect(keys).toEqual([undefined, undefined, undefined]);
  });
});
