/**
 * The one palette: Okabe–Ito (distinguishable with the common colour-vision deficiencies).
 * Map layers take these as RGB (kit/style.ts), charts as hex (src/charts/palette.ts).
 */
export const OKABE_ITO = {
  orange: [230, 159, 0],
  sky: [86, 180, 233],
  green: [0, 158, 115],
  yellow: [240, 228, 66],
  blue: [0, 114, 178],
  vermillion: [213, 94, 0],
  purple: [204, 121, 167],
  grey: [153, 153, 153],
} as const;

export type Hue = keyof typeof OKABE_ITO;

/** '#E69F00' for 'orange'. */
export function hex(hue: Hue): string {
  return `#${OKABE_ITO[hue].map((v) => v.toString(16).padStart(2, '0').toUpperCase()).join('')}`;
}
