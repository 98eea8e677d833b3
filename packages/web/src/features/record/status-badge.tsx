/** A crossing's status as a labelled badge; colour is never the only signal, the word is shown. */
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { isMessageKey } from '../../platform/i18n/messages.ts';

export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const key = `status.${status}`;
  const known = isMessageKey(key);
  const tone = known ? status : 'unknown';
  return (
    <span className={`badge badge-${tone}`} data-status={status}>
      {known ? t(key) : status}
    </span>
  );
}
