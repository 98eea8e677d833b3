/**
 * The map of complaints and observations on an offline basemap (Natural Earth borders drawn with
 * d3-geo on a canvas), with the border crossings marked. Points are clustered in a worker
 * (supercluster) so 100,000 observations stay smooth. The filters are the complaint list's, in the
 * address bar. Pan by dragging or with the arrow keys, zoom with the wheel, +/- or the buttons;
 * the complaints in view are also listed as links below the map, for keyboards and screen readers.
 *
 * This module and everything it imports are loaded only when the map is opened.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'wouter';
import { geoMercator, geoPath, type GeoProjection } from 'd3-geo';
import type { Crossing } from '@truceline/domain';
import type { ComplaintMapPoint } from '../../platform/api-client.ts';
import { ApiError } from '../../platform/api-client.ts';
import { useApi } from '../../platform/api-context.tsx';
import { useI18n } from '../../platform/i18n/i18n.tsx';
import { ProblemAlert } from '../../platform/ui/problem-alert.tsx';
import { usePageTitle } from '../../platform/use-page-title.ts';
import { FiltersForm } from '../complaints/filters-form.tsx';
import { filtersToQuery, filtersToSearch, parseFilters } from '../complaints/filters.ts';
import { label, StateBadge } from '../complaints/labels.tsx';
import { loadCountries, REGION, type Country } from './basemap.ts';
import type { ClusterAnswer, ClusterRequest, DrawnPoint, Layer } from './cluster-protocol.ts';

interface View {
  readonly center: readonly [number, number];
  /** Web-Mercator zoom: the world is 256 × 2^zoom pixels wide. */
  readonly zoom: number;
}

const MIN_ZOOM = 3;
const MAX_ZOOM = 14;
const COLOURS = {
  water: '#d6e4f0',
  land: '#f3efe6',
  focusLand: '#ebe3cf',
  border: '#5d6b7a',
  observation: 'rgba(11, 79, 138, 0.55)',
  observationEdge: '#0b4f8a',
  complaint: '#b3261e',
  crossing: '#1b6234',
  text: '#16202c',
};
const FOCUS_COUNTRIES = new Set(['Pakistan', 'Afghanistan']);

function projectionFor(view: View, width: number, height: number): GeoProjection {
  return geoMercator()
    .scale((256 * 2 ** view.zoom) / (2 * Math.PI))
    .center([view.center[0], view.center[1]])
    .translate([width / 2, height / 2])
    .clipExtent([
      [-10, -10],
      [width + 10, height + 10],
    ]);
}

function fitRegion(width: number, height: number): View {
  const [west, south, east, north] = REGION;
  const fitted = geoMercator().fitExtent(
    [
      [10, 10],
      [Math.max(20, width - 10), Math.max(20, height - 10)],
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
  const zoom = Math.log2((fitted.scale() * 2 * Math.PI) / 256);
  const center = fitted.invert?.([width / 2, height / 2]) ?? [68.5, 31];
  return { zoom, center: [center[0], center[1]] };
}

const clampZoom = (z: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));

interface Drawn {
  readonly observations: DrawnPoint[];
  readonly complaints: DrawnPoint[];
}

export default function MapPage() {
  const api = useApi();
  const i18n = useI18n();
  const { t, formatNumber } = i18n;
  const [searchParams, setSearchParams] = useSearchParams();
  const key = searchParams.toString();
  const filters = useMemo(() => parseFilters(new URLSearchParams(key)), [key]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  usePageTitle(t('map.heading'));
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const workerRef = useRef<Worker | undefined>(undefined);
  const requestId = useRef(0);
  const pending = useRef(new Map<number, (answer: ClusterAnswer) => void>());

  const [size, setSize] = useState<{ width: number; height: number }>({ width: 0, height: 0 });
  const [view, setView] = useState<View | undefined>();
  const [countries, setCountries] = useState<Country[] | undefined>();
  const [basemapError, setBasemapError] = useState(false);
  const [crossings, setCrossings] = useState<Crossing[]>([]);
  const [complaintPoints, setComplaintPoints] = useState<readonly ComplaintMapPoint[]>([]);
  const [observationTotal, setObservationTotal] = useState(0);
  const [truncated, setTruncated] = useState(false);
  const [problem, setProblem] = useState<ApiError | undefined>();
  const [loading, setLoading] = useState(true);
  const [layers, setLayers] = useState<{ complaints: boolean; observations: boolean }>({
    complaints: true,
    observations: true,
  });
  const [drawn, setDrawn] = useState<Drawn>({ observations: [], complaints: [] });
  const [loaded, setLoaded] = useState<Record<Layer, number>>({ observations: 0, complaints: 0 });
  const [selected, setSelected] = useState<number[]>([]);

  useEffect(() => headingRef.current?.focus(), []);

  // The clustering worker lives as long as the page.
  useEffect(() => {
    const worker = new Worker(new URL('./cluster.worker.ts', import.meta.url), { type: 'module' });
    workerRef.current = worker;
    const waiting = pending.current;
    worker.onmessage = (event: MessageEvent<ClusterAnswer>) => {
      const answer = event.data;
      if (answer.type === 'loaded') {
        setLoaded((l) => ({ ...l, [answer.layer]: l[answer.layer] + 1 }));
        return;
      }
      const resolve = waiting.get(answer.id);
      waiting.delete(answer.id);
      resolve?.(answer);
    };
    return () => {
      worker.terminate();
      waiting.clear();
      workerRef.current = undefined;
    };
  }, []);

  const ask = useCallback((request: ClusterRequest): Promise<ClusterAnswer> => {
    return new Promise((resolve) => {
      if ('id' in request) pending.current.set(request.id, resolve);
      workerRef.current?.postMessage(request);
    });
  }, []);

  // The canvas follows its box's size.
  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const width = Math.round(entry.contentRect.width);
      const height = Math.round(entry.contentRect.height);
      setSize({ width, height });
      setView((v) => v ?? (width > 0 && height > 0 ? fitRegion(width, height) : undefined));
    });
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  // Basemap and crossings, once.
  useEffect(() => {
    loadCountries().then(setCountries, () => setBasemapError(true));
    const controller = new AbortController();
    api.crossings(controller.signal).then(
      (page) => setCrossings(page.items),
      () => undefined,
    );
    return () => controller.abort();
  }, [api]);

  // Points under the current filters.
  useEffect(() => {
    const controller = new AbortController();
    const query = filtersToQuery(filters);
    setLoading(true);
    setProblem(undefined);
    setSelected([]);
    const observationQuery = {
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    };
    Promise.all([
      api.complaintMap(query, controller.signal),
      api.observationMap(observationQuery, controller.signal),
    ]).then(
      ([c, o]) => {
        if (controller.signal.aborted) return;
        setComplaintPoints(c.points);
        setTruncated(c.truncated || o.truncated);
        const n = o.points.length;
        const lat = new Float64Array(n);
        const lon = new Float64Array(n);
        const count = new Float64Array(n);
        let total = 0;
        o.points.forEach(([la, lo, , k], i) => {
          lat[i] = la;
          lon[i] = lo;
          count[i] = k;
          total += k;
        });
        setObservationTotal(total);
        workerRef.current?.postMessage(
          { type: 'observations', lat, lon, count } satisfies ClusterRequest,
          [lat.buffer, lon.buffer, count.buffer],
        );
        const cLat = Float64Array.from(c.points, (p) => p[1]);
        const cLon = Float64Array.from(c.points, (p) => p[2]);
        workerRef.current?.postMessage(
          { type: 'complaints', lat: cLat, lon: cLon } satisfies ClusterRequest,
          [cLat.buffer, cLon.buffer],
        );
        setLoading(false);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setLoading(false);
        if (error instanceof ApiError) setProblem(error);
      },
    );
    return () => controller.abort();
  }, [api, filters]);

  const projection = useMemo(
    () => (view && size.width > 0 ? projectionFor(view, size.width, size.height) : undefined),
    [view, size],
  );

  const bbox = useMemo((): [number, number, number, number] | undefined => {
    if (!projection || !projection.invert) return undefined;
    const nw = projection.invert([0, 0]);
    const se = projection.invert([size.width, size.height]);
    if (!nw || !se) return undefined;
    return [nw[0], se[1], se[0], nw[1]];
  }, [projection, size]);

  // Ask the worker for the clusters of this view whenever the view or the data change.
  useEffect(() => {
    if (!bbox || !view) return;
    const id = (requestId.current += 1);
    let live = true;
    void ask({ type: 'view', id, bbox, zoom: Math.floor(view.zoom) }).then((answer) => {
      if (live && answer.type === 'view' && id === requestId.current)
        setDrawn({ observations: answer.observations, complaints: answer.complaints });
    });
    return () => {
      live = false;
    };
  }, [ask, bbox, view, loaded]);

  // Draw.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !projection) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(size.width * ratio);
    canvas.height = Math.round(size.height * ratio);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.direction = 'ltr';
    ctx.fillStyle = COLOURS.water;
    ctx.fillRect(0, 0, size.width, size.height);
    const path = geoPath(projection, ctx);
    for (const country of countries ?? []) {
      ctx.beginPath();
      path(country);
      ctx.fillStyle = FOCUS_COUNTRIES.has(country.properties.name ?? '')
        ? COLOURS.focusLand
        : COLOURS.land;
      ctx.fill();
      ctx.lineWidth = FOCUS_COUNTRIES.has(country.properties.name ?? '') ? 1.4 : 0.8;
      ctx.strokeStyle = COLOURS.border;
      ctx.stroke();
    }
    const at = (lon: number, lat: number) => projection([lon, lat]);
    const radius = (points: number) => 5 + Math.log10(points) * 5;
    ctx.font = '600 11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    if (layers.observations) {
      for (const p of drawn.observations) {
        const xy = at(p.lon, p.lat);
        if (!xy) continue;
        const r = radius(p.points);
        ctx.beginPath();
        ctx.arc(xy[0], xy[1], r, 0, 2 * Math.PI);
        ctx.fillStyle = COLOURS.observation;
        ctx.fill();
        ctx.strokeStyle = COLOURS.observationEdge;
        ctx.lineWidth = 1;
        ctx.stroke();
        if (p.points > 1) {
          ctx.fillStyle = '#ffffff';
          ctx.fillText(compact(p.points), xy[0], xy[1]);
        }
      }
    }
    for (const c of crossings) {
      const xy = at(c.longitude, c.latitude);
      if (!xy) continue;
      ctx.fillStyle = COLOURS.crossing;
      ctx.fillRect(xy[0] - 4, xy[1] - 4, 8, 8);
      ctx.fillStyle = COLOURS.text;
      ctx.textAlign = 'left';
      ctx.fillText(c.name, xy[0] + 7, xy[1]);
      ctx.textAlign = 'center';
    }
    if (layers.complaints) {
      for (const p of drawn.complaints) {
        const xy = at(p.lon, p.lat);
        if (!xy) continue;
        const r = p.points > 1 ? radius(p.points) + 2 : 7;
        ctx.beginPath();
        ctx.moveTo(xy[0], xy[1] - r);
        ctx.lineTo(xy[0] + r, xy[1]);
        ctx.lineTo(xy[0], xy[1] + r);
        ctx.lineTo(xy[0] - r, xy[1]);
        ctx.closePath();
        ctx.fillStyle = COLOURS.complaint;
        ctx.fill();
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 1.5;
        ctx.stroke();
        if (p.points > 1) {
          ctx.fillStyle = '#ffffff';
          ctx.fillText(compact(p.points), xy[0], xy[1]);
        }
      }
    }
  }, [projection, size, countries, crossings, drawn, layers]);

  // --- Interaction -----------------------------------------------------------------------------

  const zoomAround = useCallback(
    (factor: number, anchor?: readonly [number, number]) => {
      setView((v) => {
        if (!v || size.width === 0) return v;
        const zoom = clampZoom(v.zoom + factor);
        const point = anchor ?? [size.width / 2, size.height / 2];
        const before = projectionFor(v, size.width, size.height);
        const lonLat = before.invert?.([point[0], point[1]]);
        if (!lonLat) return { ...v, zoom };
        const after = projectionFor({ ...v, zoom }, size.width, size.height);
        const moved = after(lonLat);
        if (!moved) return { ...v, zoom };
        const center = after.invert?.([
          size.width / 2 + (moved[0] - point[0]),
          size.height / 2 + (moved[1] - point[1]),
        ]);
        return center ? { zoom, center: [center[0], center[1]] } : { ...v, zoom };
      });
    },
    [size],
  );

  const panBy = useCallback(
    (dx: number, dy: number) => {
      setView((v) => {
        if (!v || size.width === 0) return v;
        const p = projectionFor(v, size.width, size.height);
        const center = p.invert?.([size.width / 2 - dx, size.height / 2 - dy]);
        return center ? { ...v, center: [center[0], center[1]] } : v;
      });
    },
    [size],
  );

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = canvas.getBoundingClientRect();
      zoomAround(event.deltaY < 0 ? 0.5 : -0.5, [
        event.clientX - rect.left,
        event.clientY - rect.top,
      ]);
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, [zoomAround]);

  const drag = useRef<{ x: number; y: number; moved: boolean } | undefined>(undefined);

  const hit = (x: number, y: number): { layer: Layer; point: DrawnPoint } | undefined => {
    if (!projection) return undefined;
    const near = (points: DrawnPoint[], layer: Layer) =>
      points
        .map((p) => {
          const xy = projection([p.lon, p.lat]);
          return xy ? { p, d: Math.hypot(xy[0] - x, xy[1] - y) } : undefined;
        })
        .filter(
          (h): h is { p: DrawnPoint; d: number } =>
            h !== undefined && h.d < 10 + Math.log10(h.p.points) * 5,
        )
        .sort((a, b) => a.d - b.d)
        .map((h) => ({ layer, point: h.p }))[0];
    return (
      (layers.complaints ? near(drawn.complaints, 'complaints') : undefined) ??
      (layers.observations ? near(drawn.observations, 'observations') : undefined)
    );
  };

  const onClick = async (x: number, y: number) => {
    const found = hit(x, y);
    if (!found || !view) return;
    const { layer, point } = found;
    if (point.clusterId >= 0) {
      const id = (requestId.current += 1);
      const answer = await ask({
        type: 'expand',
        id,
        layer,
        clusterId: point.clusterId,
        zoom: view.zoom,
      });
      if (answer.type !== 'expand') return;
      if (layer === 'complaints' && (answer.zoom > MAX_ZOOM || view.zoom >= MAX_ZOOM)) {
        setSelected(answer.leaves);
        return;
      }
      setView({
        center: [point.lon, point.lat],
        zoom: clampZoom(Math.max(answer.zoom, view.zoom + 1)),
      });
    } else if (layer === 'complaints') {
      setSelected([point.index]);
    }
  };

  const inView = useMemo(() => {
    if (!bbox) return [];
    const [w, s, e, n] = bbox;
    return complaintPoints.filter(([, lat, lon]) => lat >= s && lat <= n && lon >= w && lon <= e);
  }, [bbox, complaintPoints]);

  const selectedPoints = selected
    .map((i) => complaintPoints[i])
    .filter((p): p is ComplaintMapPoint => p !== undefined);

  return (
    <div className="page map-page">
      <h1 ref={headingRef} tabIndex={-1} className="page-title">
        {t('map.heading')}
      </h1>
      <section className="card" aria-labelledby="map-filters-heading">
        <h2 id="map-filters-heading">{t('filters.heading')}</h2>
        <FiltersForm
          filters={filters}
          headingId="map-filters-heading"
          onApply={(next) => setSearchParams(filtersToSearch(next))}
        />
        <p className="meta">
          <Link className="target-link" href={`/complaints${key ? `?${key}` : ''}`}>
            {t('map.showAsList')}
          </Link>
        </p>
      </section>
      {problem ? <ProblemAlert error={problem} /> : null}
      {basemapError ? (
        <p className="alert alert-error" role="alert">
          {t('map.basemapFailed')}
        </p>
      ) : null}
      <section className="card map-card" aria-labelledby="map-view-heading">
        <div className="map-toolbar">
          <h2 id="map-view-heading">{t('map.view')}</h2>
          <div className="map-layers" role="group" aria-label={t('map.layers')}>
            <label className="choice">
              <input
                type="checkbox"
                name="layer-complaints"
                checked={layers.complaints}
                onChange={(e) => setLayers({ ...layers, complaints: e.target.checked })}
              />
              <span>
                <span className="legend legend-complaint" aria-hidden="true" />{' '}
                {t('map.complaints')}
              </span>
            </label>
            <label className="choice">
              <input
                type="checkbox"
                name="layer-observations"
                checked={layers.observations}
                onChange={(e) => setLayers({ ...layers, observations: e.target.checked })}
              />
              <span>
                <span className="legend legend-observation" aria-hidden="true" />{' '}
                {t('map.observations')}
              </span>
            </label>
            <span className="meta">
              <span className="legend legend-crossing" aria-hidden="true" /> {t('map.crossings')}
            </span>
          </div>
          <div className="map-zoom" role="group" aria-label={t('map.zoom')}>
            <button type="button" className="button button-secondary" onClick={() => zoomAround(1)}>
              <span aria-hidden="true">+</span>
              <span className="visually-hidden">{t('map.zoomIn')}</span>
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => zoomAround(-1)}
            >
              <span aria-hidden="true">−</span>
              <span className="visually-hidden">{t('map.zoomOut')}</span>
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => size.width > 0 && setView(fitRegion(size.width, size.height))}
            >
              {t('map.reset')}
            </button>
          </div>
        </div>
        <p className="meta" role="status" aria-live="polite">
          {loading
            ? t('common.loading')
            : t('map.counts', {
                complaints: formatNumber(complaintPoints.length),
                observations: formatNumber(observationTotal),
              })}
          {truncated ? ` ${t('map.truncated')}` : ''}
        </p>
        <div className="map-box" ref={boxRef} dir="ltr">
          <canvas
            ref={canvasRef}
            className="map-canvas"
            tabIndex={0}
            role="img"
            aria-label={t('map.canvasLabel')}
            aria-describedby="map-help"
            data-testid="map-canvas"
            onPointerDown={(e) => {
              (e.currentTarget as HTMLCanvasElement).setPointerCapture(e.pointerId);
              drag.current = { x: e.clientX, y: e.clientY, moved: false };
            }}
            onPointerMove={(e) => {
              const d = drag.current;
              if (!d) return;
              const dx = e.clientX - d.x;
              const dy = e.clientY - d.y;
              if (Math.abs(dx) + Math.abs(dy) < 3 && !d.moved) return;
              drag.current = { x: e.clientX, y: e.clientY, moved: true };
              panBy(dx, dy);
            }}
            onPointerUp={(e) => {
              const d = drag.current;
              drag.current = undefined;
              if (d && !d.moved) {
                const rect = e.currentTarget.getBoundingClientRect();
                void onClick(e.clientX - rect.left, e.clientY - rect.top);
              }
            }}
            onKeyDown={(e) => {
              const step = 80;
              const keys: Record<string, () => void> = {
                ArrowLeft: () => panBy(step, 0),
                ArrowRight: () => panBy(-step, 0),
                ArrowUp: () => panBy(0, step),
                ArrowDown: () => panBy(0, -step),
                '+': () => zoomAround(1),
                '=': () => zoomAround(1),
                '-': () => zoomAround(-1),
                '0': () => size.width > 0 && setView(fitRegion(size.width, size.height)),
              };
              const action = keys[e.key];
              if (action) {
                e.preventDefault();
                action();
              }
            }}
          />
        </div>
        <p id="map-help" className="meta">
          {t('map.help')}
        </p>
        {selectedPoints.length > 0 ? (
          <div className="map-selection" role="region" aria-label={t('map.selected')}>
            <h3>{t('map.selected')}</h3>
            <ComplaintLinks points={selectedPoints} />
          </div>
        ) : null}
      </section>
      <section className="card" aria-labelledby="map-list-heading">
        <h2 id="map-list-heading">{t('map.inView', { count: formatNumber(inView.length) })}</h2>
        {inView.length === 0 ? (
          <p className="muted">{t('map.noneInView')}</p>
        ) : (
          <ComplaintLinks points={inView.slice(0, 100)} />
        )}
      </section>
      <p className="meta">{t('map.attribution')}</p>
    </div>
  );
}

function compact(n: number): string {
  return n >= 10_000
    ? `${Math.round(n / 1000)}k`
    : n >= 1000
      ? `${(n / 1000).toFixed(1)}k`
      : String(n);
}

function ComplaintLinks({ points }: { points: readonly ComplaintMapPoint[] }) {
  const i18n = useI18n();
  return (
    <ul className="plain-list map-complaints">
      {points.map(([id, lat, lon, category, state]) => (
        <li key={id}>
          <Link href={`/complaints/${id}`}>{label(i18n, 'category', category)}</Link>{' '}
          <StateBadge state={state} />{' '}
          <span className="meta" dir="ltr">
            {lat.toFixed(3)}, {lon.toFixed(3)}
          </span>
        </li>
      ))}
    </ul>
  );
}
