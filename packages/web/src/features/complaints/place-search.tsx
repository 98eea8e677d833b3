/**
 * Finds a place of the border gazetteer by name in any of its languages (searched in the browser
 * with the domain's own gazetteer, so it works offline) as an ARIA combobox: type, move with the
 * arrow keys, choose with Enter or a click. Choosing fills in the coordinates.
 */
import { useId, useMemo, useState } from 'react';
import { searchGazetteer, type GazetteerPlace } from '@truceline/domain';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { label } from './labels.tsx';

export function placeName(place: GazetteerPlace, locale: string): string {
  const native = (place.names as Readonly<Record<string, string | undefined>>)[locale];
  return native ?? place.name;
}

export function PlaceSearch({
  onChoose,
  chosen,
}: {
  onChoose(place: GazetteerPlace): void;
  chosen: GazetteerPlace | undefined;
}) {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const id = useId();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const hits = useMemo(() => (query.trim() ? searchGazetteer(query, 8) : []), [query]);
  const expanded = open && hits.length > 0;
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;

  const choose = (place: GazetteerPlace) => {
    onChoose(place);
    setQuery(placeName(place, locale));
    setOpen(false);
  };

  return (
    <div className="field place-search">
      <label htmlFor={id}>{t('file.placeSearch')}</label>
      <p className="field-hint" id={`${id}-hint`}>
        {t('file.placeSearchHint')}
      </p>
      <input
        id={id}
        name="placeSearch"
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-describedby={`${id}-hint`}
        aria-activedescendant={expanded ? optionId(active) : undefined}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, hits.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter' && expanded) {
            e.preventDefault();
            const place = hits[active];
            if (place) choose(place);
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      <ul
        id={listId}
        role="listbox"
        className="place-options"
        hidden={!expanded}
        aria-label={t('file.placeSearch')}
      >
        {hits.map((place, i) => (
          <li
            key={place.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'place-option active' : 'place-option'}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(place);
            }}
          >
            <span dir="auto">{placeName(place, locale)}</span>{' '}
            <span className="meta">
              {label(i18n, 'placeKind', place.kind)} · {place.district ? `${place.district}, ` : ''}
              {place.province} ({place.country})
            </span>
          </li>
        ))}
      </ul>
      {chosen ? (
        <p className="meta" role="status">
          {t('file.placeChosen', { place: placeName(chosen, locale) })}
        </p>
      ) : null}
    </div>
  );
}
