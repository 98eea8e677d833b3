/**
 * Clusters map points off the page's thread (supercluster), so loading 100,000 observations never
 * blocks scrolling, typing or the map itself. The page sends points as typed arrays and asks for
 * the clusters of a view; answers carry only what is drawn.
 */
import Supercluster from 'supercluster';
import type { ClusterAnswer, ClusterRequest, DrawnPoint } from './cluster-protocol.ts';

interface ObservationProps {
  readonly count: number;
}
interface ComplaintProps {
  readonly index: number;
  readonly count: number;
}

const options = { radius: 48, maxZoom: 14, minPoints: 2 } as const;
let observations: Supercluster<ObservationProps, { count: number }> | undefined;
let complaints: Supercluster<ComplaintProps, { count: number }> | undefined;

function drawn<P extends { count: number }>(
  index: Supercluster<P, { count: number }>,
  bbox: [number, number, number, number],
  zoom: number,
  single: (props: P) => number,
): DrawnPoint[] {
  return index.getClusters(bbox, zoom).map((f) => {
    const [lon, lat] = f.geometry.coordinates as [number, number];
    const p = f.properties as Record<string, unknown>;
    if (p['cluster'] === true) {
      return {
        lon,
        lat,
        points: p['point_count'] as number,
        total: (p as { count: number }).count,
        clusterId: p['cluster_id'] as number,
        index: -1,
      };
    }
    return {
      lon,
      lat,
      points: 1,
      total: (p as unknown as P).count,
      clusterId: -1,
      index: single(p as unknown as P),
    };
  });
}

function post(answer: ClusterAnswer) {
  (self as unknown as Worker).postMessage(answer);
}

self.onmessage = (event: MessageEvent<ClusterRequest>) => {
  const request = event.data;
  switch (request.type) {
    case 'observations': {
      const features = new Array(request.lat.length);
      for (let i = 0; i < request.lat.length; i += 1) {
        features[i] = {
          type: 'Feature',
          properties: { count: request.count[i] ?? 0 },
          geometry: { type: 'Point', coordinates: [request.lon[i], request.lat[i]] },
        };
      }
      observations = new Supercluster<ObservationProps, { count: number }>({
        ...options,
        map: (p) => ({ count: p.count }),
        reduce: (a, b) => {
          a.count += b.count;
        },
      }).load(features);
      post({ type: 'loaded', layer: 'observations', size: request.lat.length });
      break;
    }
    case 'complaints': {
      const features = new Array(request.lat.length);
      for (let i = 0; i < request.lat.length; i += 1) {
        features[i] = {
          type: 'Feature',
          properties: { index: i, count: 1 },
          geometry: { type: 'Point', coordinates: [request.lon[i], request.lat[i]] },
        };
      }
      complaints = new Supercluster<ComplaintProps, { count: number }>({
        ...options,
        radius: 36,
        map: (p) => ({ count: p.count }),
        reduce: (a, b) => {
          a.count += b.count;
        },
      }).load(features);
      post({ type: 'loaded', layer: 'complaints', size: request.lat.length });
      break;
    }
    case 'view': {
      post({
        type: 'view',
        id: request.id,
        observations: observations ? drawn(observations, request.bbox, request.zoom, () => -1) : [],
        complaints: complaints ? drawn(complaints, request.bbox, request.zoom, (p) => p.index) : [],
      });
      break;
    }
    case 'expand': {
      const index = request.layer === 'observations' ? observations : complaints;
      let zoom = request.zoom + 2;
      try {
        zoom = index?.getClusterExpansionZoom(request.clusterId) ?? zoom;
      } catch {
        // A cluster of an index replaced since: zoom in a little.
      }
      const leaves =
        request.layer === 'complaints' && complaints
          ? complaints
              .getLeaves(request.clusterId, 50)
              .map((f) => (f.properties as ComplaintProps).index)
          : [];
      post({ type: 'expand', id: request.id, zoom, leaves });
      break;
    }
  }
};
