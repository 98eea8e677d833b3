/**
 * Words for the workflow's codes (states, commands, categories, visibilities…) in the chosen
 * language, and the complaint's state as a badge. An unknown code (a newer server) is shown as is.
 */
import type { ComplaintState, MaterialVisibility } from '@truceline/domain';
import type { I18n } from '../../platform/i18n/i18n.tsx';
import { isMessageKey } from '../../platform/i18n/messages.ts';
import { useI18n } from '../../platform/i18n/i18n.tsx';

/** The message `${prefix}.${code}`, or the code itself when there is none. */
export function label(i18n: I18n, prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  return isMessageKey(key) ? i18n.t(key) : code;
}

const ENDED = new Set<string>(['rejected', 'withdrawn', 'merged', 'closed']);
const DECIDED = new Set<string>(['finding_issued', 'follow_up']);
const WAITING = new Set<string>(['awaiting_reply', 'reply_overdue']);

function tone(state: string): string {
  if (ENDED.has(state)) return 'ended';
  if (DECIDED.has(state)) return 'decided';
  if (WAITING.has(state)) return 'waiting';
  return 'progress';
}

export function StateBadge({ state }: { state: ComplaintState | string }) {
  const i18n = useI18n();
  return (
    <span className={`badge badge-state badge-${tone(state)}`} data-state={state}>
      {label(i18n, 'state', state)}
    </span>
  );
}

export function VisibilityBadge({ visibility }: { visibility: MaterialVisibility | string }) {
  const i18n = useI18n();
  return (
    <span className="badge badge-visibility" data-visibility={visibility}>
      {label(i18n, 'visibility', visibility)}
    </span>
  );
}
