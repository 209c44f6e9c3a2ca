/** What every segment that is not a plain word becomes in a template. */
export const ID_SEGMENT = ':id';
/** The template of every endpoint past the cap (progress-tracker.ts), and of templates too long to keep. */
export const OTHER_TEMPLATE = '(other)';
/** Longest template kept: the control store's column; longer ones count as OTHER_TEMPLATE. */
export const MAX_TEMPLATE_LENGTH = 255;
/** Segments past this many are folded into one `*`: a deep path is no new endpoint each level. */
const MAX_SEGMENTS = 12;

/**
 * A segment is kept as written only when it reads like a word of an API's vocabulary: letters
 * with `-`, `_` or a leading `$` (a FHIR operation such as `$everything`), at most 40 characters.
 * Anything with a digit (numeric ids, UUIDs, hex tokens, dates), a dot, `@`, `%`, `+`, `=` or
 * `~` (encoded values, e-mail addresses, opaque tokens) is an id. A word-like segment made only of
 * hex letters and long enough to be a token (`deadbeefcafe`) is an id too.
 */
const WORD = /^\$?[A-Za-z][A-Za-z_-]{0,39}$/;
const HEX_TOKEN = /^[0-9a-fA-F]{8,}$/;

function segmentTemplate(segment: string): string {
  if (segment === '' || segment === ID_SEGMENT) return segment;
  return WORD.test(segment) && !HEX_TOKEN.test(segment) ? segment : ID_SEGMENT;
}

/**
 * The endpoint template of a request path: the query string and fragment dropped, every segment
 * that carries a value collapsed to `:id` (see WORD), so a template names an endpoint and never
 * a patient (`/api/patients/4711/merge` → `/api/patients/:id/merge`). Bounded in length and depth:
 * a client cannot mint long templates, and the tracker caps how many it keeps.
 */
export function endpointTemplate(path: string): string {
  let end = path.length;
  const query = path.indexOf('?');
  if (query !== -1) end = query;
  const hash = path.indexOf('#');
  if (hash !== -1 && hash < end) end = hash;
  const segments = path.slice(0, end).split('/');
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    if (i > MAX_SEGMENTS) {
      out.push('*');
      break;
    }
    out.push(segmentTemplate(segments[i]!));
  }
  const template = out.join('/');
  if (!template.startsWith('/')) return OTHER_TEMPLATE;
  return template.length > MAX_TEMPLATE_LENGTH ? OTHER_TEMPLATE : template;
}
