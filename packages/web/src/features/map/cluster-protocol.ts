/** Messages between the map page and its clustering worker. */

export type Layer = 'observations' | 'complaints';

export type ClusterRequest =
  | {
      readonly type: 'observations';
      readonly lat: Float64Array;
      readonly lon: Float64Array;
      readonly count: Float64Array;
    }
  | { readonly type: 'complaints'; readonly lat: Float64Array; readonly lon: Float64Array }
  | {
      readonly type: 'view';
      readonly id: number;
      /** West, south, east, north in degrees. */
      readonly bbox: [number, number, number, number];
      readonly zoom: number;
    }
  | {
      readonly type: 'expand';
      readonly id: number;
      readonly layer: Layer;
      readonly clusterId: number;
      readonly zoom: number;
    };

/** A cluster (`clusterId` ≥ 0) or a single point (`index` into the layer's input for complaints). */
export interface DrawnPoint {
  readonly lon: number;
  readonly lat: number;
  /** How many input points it stands for. */
  readonly points: number;
  /** The sum of their counts (observations count people, trucks, incidents…). */
  readonly total: number;
  readonly clusterId: number;
  readonly index: number;
}

export type ClusterAnswer =
  | { readonly type: 'loaded'; readonly layer: Layer; readonly size: number }
  | {
      readonly type: 'view';
      readonly id: number;
      readonly observations: DrawnPoint[];
      readonly complaints: DrawnPoint[];
    }
  | {
      readonly type: 'expand';
      readonly id: number;
      readonly zoom: number;
      readonly leaves: number[];
    };
