/** All accounts, for those the server lets list them (administrators). Read-only for now. */
import { useCallback } from 'react';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { Loadable } from '../../platform/ui/loadable.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { useResource } from '../../platform/use-resource.ts';

export function AccountsPanel() {
  const api = useApi();
  const { t } = useI18n();
  const users = useResource(useCallback((s: AbortSignal) => api.users(s), [api]));
  return (
    <section className="card" aria-labelledby="accounts-heading">
      <h2 id="accounts-heading">{t('accounts.heading')}</h2>
      <Loadable resource={users}>
        {(page) => (
          <ul className="plain-list">
            {page.items.map((u) => (
              <li key={u.id}>
                <ServerText text={u.displayName} />{' '}
                <span className="muted">
                  ({t(`role.${u.role}`)}
                  {u.disabled ? `, ${t('accounts.disabled')}` : ''})
                </span>
              </li>
            ))}
          </ul>
        )}
      </Loadable>
    </section>
  );
}
