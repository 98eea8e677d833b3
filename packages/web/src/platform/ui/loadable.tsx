/** Renders a {@link Resource}: a polite loading line, the error with a retry button, or the data. */
import type { ReactNode } from 'react';
import type { Resource } from '../use-resource.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ProblemAlert } from './problem-alert.tsx';

export function Loadable<T>({
  resource,
  children,
}: {
  resource: Resource<T> & { reload(): void };
  children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  switch (resource.status) {
    case 'loading':
      return (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      );
    case 'error':
      return (
        <ProblemAlert
          error={resource.error}
          action={
            <button type="button" className="button button-secondary" onClick={resource.reload}>
              {t('common.retry')}
            </button>
          }
        />
      );
    case 'ok':
      return <>{children(resource.data)}</>;
  }
}
