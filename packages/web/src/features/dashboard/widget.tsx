/** A dashboard panel: a card region named by its heading, with an optional link at the foot. */
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { useDirectory } from '../complaints/directory.tsx';

/** Names an accused party: its organisation's name, or "a group" for none (`null`). */
export function usePartyName(): (id: string | null) => string {
  const { t } = useI18n();
  const directory = useDirectory();
  return (id) =>
    directory.organisation(id)?.name ??
    (id === null ? t('dashboard.noParty') : t('common.anOrganisation'));
}

export function Widget({
  id,
  title,
  children,
  more,
  className,
}: {
  /** Unique on the page: the heading's id is `${id}-heading`. */
  id: string;
  title: string;
  children: ReactNode;
  /** A link to the page with everything: its address and its words. */
  more?: { readonly href: string; readonly label: string } | undefined;
  className?: string;
}) {
  return (
    <section
      className={className ? `card widget ${className}` : 'card widget'}
      aria-labelledby={`${id}-heading`}
      data-widget={id}
    >
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
      {more ? (
        <p className="widget-more">
          <Link href={more.href} className="target-link">
            {more.label}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

/** Horizontal bars, one per row: the words, the count, and a bar as long as the count. */
export function BarList({
  label,
  rows,
}: {
  /** Names the list for assistive technology. */
  label: string;
  rows: readonly {
    readonly key: string;
    readonly label: ReactNode;
    readonly count: number;
    readonly countText: string;
  }[];
}) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <ul className="bar-list" aria-label={label}>
      {rows.map((r) => (
        <li key={r.key} data-key={r.key}>
          <span className="bar-label">{r.label}</span>
          <span className="bar-count">{r.countText}</span>
          {/* An SVG attribute sets the length: the Content-Security-Policy allows no inline style. */}
          <svg
            className="bar"
            viewBox="0 0 100 8"
            preserveAspectRatio="none"
            aria-hidden="true"
            focusable="false"
          >
            <rect width={(100 * r.count) / max} height="8" />
          </svg>
        </li>
      ))}
    </ul>
  );
}
