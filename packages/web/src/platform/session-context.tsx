/**
 * Who is signed in, for any page: the session (or `undefined` for the public) and a `can` that
 * reads the server's verdicts (`capabilities`), never a copy of the rules.
 */
import { createContext, use } from 'react';
import type { Action, SessionInfo } from '@truceline/domain';

export const SessionContext = createContext<SessionInfo | undefined>(undefined);

export function useSession(): SessionInfo | undefined {
  return use(SessionContext);
}

/** True when the server says the signed-in user may perform `action`. */
export function useCan(): (action: Action) => boolean {
  const session = use(SessionContext);
  return (action) => session?.capabilities.includes(action) ?? false;
}
