/**
 * The offline basemap: country shapes from Natural Earth (1:50m, the `world-atlas` package's
 * TopoJSON), served as a file of this app and drawn with d3-geo. No tile server, no internet.
 */
import { feature } from 'topojson-client';
import { geoBounds } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import atlasUrl from 'world-atlas/countries-50m.json?url';

export type Country = Feature<Geometry, { name?: string }>;

/** West, south, east, north of the region the map is about, with a margin. */
export const REGION: readonly [number, number, number, number] = [58, 22.5, 79, 39.5];

let loading: Promise<Country[]> | undefined;

/** The countries that reach into the region (loaded once per page view). */
export function loadCountries(): Promise<Country[]> {
  loading ??= (async () => {
    const response = await fetch(atlasUrl, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`basemap: ${response.status}`);
    const topology = (await response.json()) as Topology<{
      countries: GeometryCollection<{ name?: string }>;
    }>;
    const all = feature(topology, topology.objects.countries) as FeatureCollection<
      Geometry,
      { name?: string }
    >;
    const [west, south, east, north] = REGION;
    // Generous: shapes near the region are kept so borders run off the edges of the view.
    return all.features.filter((f) => {
      const [[w, s], [e, n]] = geoBounds(f);
      return e >= west - 15 && w <= east + 15 && n >= south - 10 && s <= north + 10;
    });
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
