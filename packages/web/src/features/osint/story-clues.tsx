/**
 * What a story's articles name: the gazetteer places (on a small offline map and as a list, in
 * the reader's language where the gazetteer has it), the actors (aliases resolved: TTP, ISPR …)
 * and the days they date. These are the clues the suggested cases are matched on.
 *
 * The map is the same Natural Earth basemap as the map page, drawn with d3-geo, no tile server.
 * It is a picture of the list beside it (`role="img"` with the places named), so a screen reader
 * loses nothing.
 */
import { useEffect, useMemo, useState } from 'react';
import { geoMercator, geoPath } from 'd3-geo';
import { GAZETTEER_PLACES, type OsintStoryMatches } from '@truceline/domain';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { loadCountries, REGION, type Country } from '../map/basemap.ts';
import { placeName } from '../complaints/place-search.tsx';

const WIDTH = 480;
const HEIGHT = 360;
const BY_ID = new Map(GAZETTEER_PLACES.map((p) => [p.id, p]));

type Clues = OsintStoryMatches['clues'];

function PlacesMap({ places, label }: { places: Clues['places']; label: string }) {
  const [countries, setCountries] = useState<Country[] | null>(null);
  useEffect(() => {
    let live = true;
    // Without the basemap the points still show; the list beside the map says the same.
    loadCountries().then(
      (c) => live && setCountries(c),
      () => live && setCountries([]),
    );
    return () => {
      live = false;
    };
  }, []);
  const projection = useMemo(() => {
    const [west, south, east, north] = REGION;
    return geoMercator().fitExtent(
      [
        [10, 10],
        [WIDTH - 10, HEIGHT - 10],
      ],
      {
        type: 'MultiPoint',
        coordinates: [
          [west, south],
          [east, north],
          ...places.map((p) => [p.longitude, p.latitude]),
        ],
      },
    );
  }, [places]);
  const path = geoPath(projection);
  return (
    <div className="place-map-box story-map" dir="ltr">
      <svg
        className="place-map-svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={label}
      >
        <rect width={WIDTH} height={HEIGHT} className="place-map-water" />
        {(countries ?? []).map((c, i) => (
          <path key={i} d={path(c) ?? ''} className="place-map-land" />
        ))}
        {places.map((p) => {
          const xy = projection([p.longitude, p.latitude]);
          if (!xy) return null;
          return (
            <g key={p.id} transform={`translate(${xy[0]},${xy[1]})`}>
              <circle r={5} className="story-map-point" data-place={p.id} />
            </g>
          );
        })}
      </svg>
    </div>
  );
}

/** The places, actors and days a story's articles name. */
export function StoryClues({ clues }: { clues: Clues }) {
  const { t, locale, formatDateRange, formatNumber } = useI18n();
  if (clues.places.length === 0 && clues.actors.length === 0 && clues.days.length === 0)
    return <p>{t('story.noClues')}</p>;
  const name = (p: Clues['places'][number]) => {
    const place = BY_ID.get(p.id);
    return place ? placeName(place, locale) : p.name;
  };
  const days = [...clues.days].sort((a, b) => a.start.localeCompare(b.start));
  return (
    <div className="story-clues">
      {clues.places.length > 0 ? (
        <>
          <h3>{t('story.places')}</h3>
          <PlacesMap
            places={clues.places}
            label={t('story.mapLabel', { places: clues.places.map(name).join(', ') })}
          />
          <ul aria-label={t('story.places')}>
            {clues.places.map((p) => (
              <li key={p.id}>
                <span dir="auto">{name(p)}</span>{' '}
                <span className="muted">
                  ({formatNumber(p.latitude)}, {formatNumber(p.longitude)})
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {clues.actors.length > 0 ? (
        <>
          <h3>{t('story.actors')}</h3>
          <p>{clues.actors.join(', ')}</p>
        </>
      ) : null}
      {days.length > 0 ? (
        <>
          <h3>{t('story.days')}</h3>
          <p>{days.map((d) => formatDateRange(d.start, d.end)).join(' · ')}</p>
        </>
      ) : null}
    </div>
  );
}
