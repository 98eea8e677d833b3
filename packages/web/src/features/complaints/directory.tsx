/**
 * What many pages need to name things: the organisations (for signed-in members; the public sees
 * none) and the agreements with their provisions. Loaded once per signed-in user.
 */
import { createContext, use, useCallback, useMemo, type ReactNode } from 'react';
import type { Agreement, Organisation } from '@truceline/domain';
import { useApi } from '../../platform/api-context.tsx';
import { useCan, useSession } from '../../platform/session-context.tsx';
import { useResource } from '../../platform/use-resource.ts';

export interface Directory {
  readonly organisations: readonly Organisation[];
  readonly agreements: readonly Agreement[];
  organisation(id: string | null | undefined): Organisation | undefined;
  /** The parties of the agreements (organisations with the capacity `party`). */
  readonly parties: readonly Organisation[];
}

const EMPTY: Directory = {
  organisations: [],
  agreements: [],
  organisation: () => undefined,
  parties: [],
};

const DirectoryContext = createContext<Directory>(EMPTY);

export function DirectoryProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const session = useSession();
  const can = useCan();
  const canList = can('organisation.list');
  const userId = session?.user.id;
  const organisations = useResource(
    useCallback(
      (s: AbortSignal) => {
        void userId; // reload for another user
        return canList ? api.organisations(s) : Promise.resolve({ items: [] as Organisation[] });
      },
      [api, canList, userId],
    ),
  );
  const agreements = useResource(useCallback((s: AbortSignal) => api.agreements(s), [api]));

  const value = useMemo<Directory>(() => {
    const orgs = organisations.status === 'ok' ? organisations.data.items : [];
    const agrs = agreements.status === 'ok' ? agreements.data.items : [];
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const partyIds = new Set(
      agrs.flatMap((a) =>
        a.parties.filter((p) => p.capacity === 'party').map((p) => p.organisationId),
      ),
    );
    return {
      organisations: orgs,
      agreements: agrs,
      organisation: (id) => (id ? byId.get(id) : undefined),
      parties: orgs.filter((o) => partyIds.has(o.id) || o.kind === 'party'),
    };
  }, [organisations, agreements]);

  return <DirectoryContext value={value}>{children}</DirectoryContext>;
}

export function useDirectory(): Directory {
  return use(DirectoryContext);
}

/** The provision numbers of these ids, for display ("1, 3"). */
export function provisionNumbers(directory: Directory, ids: readonly string[]): string[] {
  const numbers = new Map(
    directory.agreements.flatMap((a) => a.provisions.map((p) => [p.id, p.number] as const)),
  );
  return ids
    .map((id) => numbers.get(id) ?? id.slice(0, 8))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
