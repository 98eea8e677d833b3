/**
 * Placing an incident by pointing at a small offline map: the border region's countries from the
 * same Natural Earth basemap as the map page (`world-atlas`, drawn with d3-geo, no tile server),
 * with the crossings marked. A click sets the coordinates and names the nearest crossing or town
 * of the gazetteer, which the user may take instead. Zoom buttons make a click more precise.
 *
 * Pointing is an addition: keyboards and screen readers have the gazetteer search and the
 * coordinate fields, which this map follows (a typed point is marked on it).
 *
 * Loaded with its basemap only when the filing form is opened, like the map page.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { geoMercator, geoPath, type GeoProjection } from 'd3-geo';
import {
  GAZETTEER_PLACES,
  nearestPlace,
  type GazetteerPlace,
  type GeoPoint,
} from '@truceline/domain';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { loadCountries, REGION, type Country } from '../map/basemap.ts';
import { placeName } from './place-search.tsx';

const WIDTH = 600;
const HEIGHT = 500;
const MAX_ZOOM = 32;
const FOCUS_COUNTRIES = new Set(['Pakistan', 'Afghanistan']);
const CROSSINGS = GAZETTEER_PLACES.filter((p) => p.kind === 'crossing');

/** The whole region, fitted to the drawing with a margin. */
function fitted(): GeoProjection {
  const [west, south, east, north] = REGION;
  return geoMercator().fitExtent(
    [
      [8, 8],
      [WIDTH - 8, HEIGHT - 8],
    ],
    // Two corners (a polygon's winding order would decide which side of it is "inside").
    {
      type: 'MultiPoint',
      coordinates: [
        [west, south],
        [east, north],
      ],
    },
  );
}

const BASE = fitted();
const BASE_CENTER = BASE.invert?.([WIDTH / 2, HEIGHT / 2]) ?? [68.5, 31];

interface View {
  readonly zoom: number;
  readonly center: readonly [number, number];
}

const WHOLE: View = { zoom: 1, center: [BASE_CENTER[0], BASE_CENTER[1]] };

function projectionFor(view: View): GeoProjection {
  return geoMercator()
    .scale(BASE.scale() * view.zoom)
    .center([view.center[0], view.center[1]])
    .translate([WIDTH / 2, HEIGHT / 2])
    .clipExtent([
      [0, 0],
      [WIDTH, HEIGHT],
    ]);
}

/** Four decimals: about 11 m, finer than anyone can point. */
const round = (degrees: number) => Math.round(degrees * 1e4) / 1e4;

export default function PlaceMap({
  point,
  disabled,
  onPick,
  onChoosePlace,
}: {
  /** The point in the coordinate fields, if they hold one. */
  point: GeoPoint | undefined;
  disabled: boolean;
  onPick(point: GeoPoint): void;
  onChoosePlace(place: GazetteerPlace): void;
}) {
  const i18n = useI18n();
  const { t, locale, formatNumber } = i18n;
  const id = useId();
  const [countries, setCountries] = useState<Country[] | undefined>();
  const [failed, setFailed] = useState(false);
  const [view, setView] = useState<View>(WHOLE);
  const [picked, setPicked] = useState<GeoPoint | undefined>();

  useEffect(() => {
    let live = true;
    loadCountries().then(
      (c) => live && setCountries(c),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);

  const projection = useMemo(() => projectionFor(view), [view]);
  const path = useMemo(() => geoPath(projection), [projection]);
  const at = (p: GeoPoint) => projection([p.longitude, p.latitude]);

  // The nearest place is said for a point picked here, not for one typed or searched.
  const near =
    picked && point && picked.latitude === point.latitude && picked.longitude === point.longitude
      ? nearestPlace(picked)
      : undefined;

  const zoomBy = (factor: number) =>
    setView((v) => {
      const zoom = Math.min(MAX_ZOOM, Math.max(1, v.zoom * factor));
      if (zoom === 1) return WHOLE;
      // Zooming in centres on the marked point, so it stays in view.
      const center: readonly [number, number] =
        factor > 1 && point ? [point.longitude, point.latitude] : v.center;
      return { zoom, center };
    });

  const marker = point ? at(point) : null;

  return (
    <div className="place-map">
      <p className="field-hint" id={`${id}-hint`}>
        {t('placeMap.hint')}
      </p>
      {failed ? (
        <p className="field-hint" role="status">
          {t('map.basemapFailed')}
        </p>
      ) : null}
      <div className="place-map-tools" role="group" aria-label={t('map.zoom')}>
        <button
          type="button"
          className="button button-secondary"
          disabled={disabled || view.zoom >= MAX_ZOOM}
          onClick={() => zoomBy(2)}
        >
          {t('map.zoomIn')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={disabled || view.zoom <= 1}
          onClick={() => zoomBy(0.5)}
        >
          {t('map.zoomOut')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={disabled || view.zoom === 1}
          onClick={() => setView(WHOLE)}
        >
          {t('map.reset')}
        </button>
      </div>
      <div className="place-map-box" dir="ltr">
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-label={t('placeMap.label')}
          aria-describedby={`${id}-hint`}
          data-testid="place-map"
          className={disabled ? 'place-map-svg disabled' : 'place-map-svg'}
          onClick={(e) => {
            if (disabled) return;
            const rect = e.currentTarget.getBoundingClientRect();
            if (rect.width === 0 || rect.height === 0) return;
            const x = ((e.clientX - rect.left) * WIDTH) / rect.width;
            const y = ((e.clientY - rect.top) * HEIGHT) / rect.height;
            const lonLat = projection.invert?.([x, y]);
            if (!lonLat) return;
            const next = { latitude: round(lonLat[1]), longitude: round(lonLat[0]) };
            setPicked(next);
            onPick(next);
          }}
        >
          <rect className="place-map-water" width={WIDTH} height={HEIGHT} />
          {(countries ?? []).map((country, i) => (
            <path
              key={country.properties.name ?? i}
              d={path(country) ?? ''}
              className={
                FOCUS_COUNTRIES.has(country.properties.name ?? '')
                  ? 'place-map-land focus'
                  : 'place-map-land'
              }
            />
          ))}
          {CROSSINGS.map((c) => {
            const xy = at(c);
            return xy ? (
              <rect
                key={c.id}
                className="place-map-crossing"
                x={xy[0] - 3}
                y={xy[1] - 3}
                width={6}
                height={6}
              />
            ) : null;
          })}
          {marker ? (
            <g className="place-map-marker" transform={`translate(${marker[0]} ${marker[1]})`}>
              <circle r={9} />
              <circle r={2.5} className="dot" />
            </g>
          ) : null}
        </svg>
      </div>
      <div className="place-map-status" role="status">
        {near ? (
          <p className="meta">
            {t('placeMap.nearest', {
              place: placeName(near.place, locale),
              distance: formatNumber(Math.round(near.distanceKm * 10) / 10),
            })}{' '}
            <button
              type="button"
              className="button button-secondary"
              disabled={disabled}
              onClick={() => onChoosePlace(near.place)}
            >
              {t('placeMap.usePlace', { place: placeName(near.place, locale) })}
            </button>
          </p>
        ) : null}
      </div>
    </div>
  );
}
