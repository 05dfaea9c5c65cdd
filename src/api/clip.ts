/**
 * Bounds on text from the API. A name of 10,000 characters is not a name: where a string
 * is a name or a label it is cut to a length no panel needs more of (with an ellipsis, so
 * the cut shows); CSS then wraps and clamps what remains in every view (src/panels/bounds.css).
 */

/** Street, community, hospital, layer names. */
export const NAME_MAX = 60;
/** Titles and labels that may be a phrase. */
export const LABEL_MAX = 120;

export function clip(text: string, max: number = NAME_MAX): string {
  if (text.length <= max) return text;
  // Never cut a surrogate pair in half.
  const last = text.charCodeAt(max - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}
