/**
 * The search filters of the complaint list and the map: state, category, party, dates and text.
 * Applying them rewrites the address (so a filtered view can be bookmarked and shared); the
 * fields keep what was typed until then.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { COMPLAINT_STATES, VIOLATION_CATEGORIES } from '@truceline/domain';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { Select, TextInput } from '../../platform/ui/controls.tsx';
import { ServerText } from '../../platform/ui/server-text.tsx';
import { useDirectory } from './directory.tsx';
import { NO_FILTERS, type ComplaintFilters } from './filters.ts';
import { label } from './labels.tsx';

export function FiltersForm({
  filters,
  onApply,
  headingId,
}: {
  filters: ComplaintFilters;
  onApply(filters: ComplaintFilters): void;
  headingId: string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const directory = useDirectory();
  const [draft, setDraft] = useState(filters);
  // When the address changes (back button, a link), the fields follow it.
  useEffect(() => setDraft(filters), [filters]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  const hostile = VIOLATION_CATEGORIES.filter((c) => c.kind === 'hostile');
  const provocative = VIOLATION_CATEGORIES.filter((c) => c.kind === 'provocative');

  return (
    <form className="filters" role="search" aria-labelledby={headingId} onSubmit={submit}>
      <TextInput
        label={t('filters.text')}
        name="q"
        type="search"
        value={draft.q}
        maxLength={200}
        onChange={(e) => setDraft({ ...draft, q: e.target.value })}
      />
      <Select
        label={t('filters.state')}
        name="state"
        value={draft.state[0] ?? ''}
        onChange={(e) =>
          setDraft({
            ...draft,
            state: e.target.value ? [e.target.value as (typeof COMPLAINT_STATES)[number]] : [],
          })
        }
      >
        <option value="">{t('filters.any')}</option>
        {COMPLAINT_STATES.map((s) => (
          <option key={s} value={s}>
            {label(i18n, 'state', s)}
          </option>
        ))}
      </Select>
      <Select
        label={t('filters.category')}
        name="category"
        value={draft.category[0] ?? ''}
        onChange={(e) => {
          const found = VIOLATION_CATEGORIES.find((c) => c.id === e.target.value);
          setDraft({ ...draft, category: found ? [found.id] : [] });
        }}
      >
        <option value="">{t('filters.any')}</option>
        <optgroup label={t('categoryKind.hostile')}>
          {hostile.map((c) => (
            <option key={c.id} value={c.id}>
              {label(i18n, 'category', c.id)}
            </option>
          ))}
        </optgroup>
        <optgroup label={t('categoryKind.provocative')}>
          {provocative.map((c) => (
            <option key={c.id} value={c.id}>
              {label(i18n, 'category', c.id)}
            </option>
          ))}
        </optgroup>
      </Select>
      {directory.parties.length > 0 ? (
        <Select
          label={t('filters.party')}
          name="party"
          value={draft.party}
          onChange={(e) => setDraft({ ...draft, party: e.target.value })}
        >
          <option value="">{t('filters.any')}</option>
          {directory.parties.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </Select>
      ) : null}
      <TextInput
        label={t('filters.from')}
        name="from"
        type="date"
        value={draft.from}
        onChange={(e) => setDraft({ ...draft, from: e.target.value })}
      />
      <TextInput
        label={t('filters.to')}
        name="to"
        type="date"
        value={draft.to}
        onChange={(e) => setDraft({ ...draft, to: e.target.value })}
      />
      <div className="filters-actions">
        <button type="submit" className="button button-primary">
          {t('filters.apply')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setDraft(NO_FILTERS);
            onApply(NO_FILTERS);
          }}
        >
          {t('filters.clear')}
        </button>
      </div>
    </form>
  );
}

/** An organisation's name, or a short form of its id when this reader may not list names. */
export function OrganisationName({ id }: { id: string | null | undefined }) {
  const directory = useDirectory();
  const { t } = useI18n();
  if (!id) return <>{t('common.none')}</>;
  const organisation = directory.organisation(id);
  return organisation ? (
    <ServerText text={organisation.name} />
  ) : (
    <span className="muted">{t('common.anOrganisation')}</span>
  );
}
