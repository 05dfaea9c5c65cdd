/** shpjs ships no types; this is the one call the app makes (an object of the files' bytes). */
declare module 'shpjs' {
  export default function shp(input: {
    shp: Uint8Array;
    dbf?: Uint8Array;
    prj?: string;
    cpg?: string;
  }): Promise<{ type: 'FeatureCollection'; features: unknown[] }>;
}
