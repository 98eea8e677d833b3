/**
 * Loads data for a component: loading, then the data or an error, with `reload` for a retry
 * button. A load still running when the component goes away (or the inputs change) is aborted.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api-client.ts';

export type Resource<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ok'; readonly data: T }
  | { readonly status: 'error'; readonly error: ApiError };

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({
    type: 'about:blank',
    title: 'Unexpected error',
    status: 0,
    code: 'bad_response',
    detail: error instanceof Error ? error.message : String(error),
  });
}

/** `load` must be stable between renders unless the data should be fetched again. */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
): Resource<T> & { reload(): void } {
  const [state, setState] = useState<Resource<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ok', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error: asApiError(error) });
      },
    );
    return () => controller.abort();
  }, [load, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}
