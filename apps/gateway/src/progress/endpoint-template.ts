/** What every segment that is not a plain word becomes in a template. */
export const ID_SEGMENT = ':id';
/** The template of every endpoint past the cap (progress-tracker.ts), and of templates too long to keep. */
export const OTHER_TEMPLATE = '(other)';
/** Longest template kept: the control store's column; longer ones count as OTHER_TEMPLATE. */
export const MAX_TEMPLATE_LENGTH = 255;
/** Segments past this many are folded into one `*`: a deep path is no new endpoint each level. */
const MAX_SEGMENTS = 12;

/**
 * A segment is kept as written only when it reads like a word of an API's vocabulary: lower-case
 * letters with `-`, `_` or a leading `$` (a FHIR operation such as `$everything`), at most 40
 * characters, or a literal segment of a configured route's path (`Patient` in `/fhir/Patient/:id`).
 * Anything else is an id: a digit (numeric ids, UUIDs, hex tokens, dates), a capital (a name as
 * written, `Zelda-Quirinus`), a dot, `@`, `%`, `+`, `=` or `~` (encoded values, e-mail addresses,
 * opaque tokens). A word made only of hex letters, long enough to be a token, is an id too.
 */
const WORD = /^\$?[a-z][a-z_-]{0,39}$/;
const HEX_TOKEN = /^[0-9a-f]{8,}$/;
const NO_WORDS: ReadonlySet<string> = new Set();

function segmentTemplate(segment: string, vocabulary: ReadonlySet<string>): string {
  if (segment === '' || segment === ID_SEGMENT) return segment;
  if (vocabulary.has(segment)) return segment;
  return WORD.test(segment) && !HEX_TOKEN.test(segment) ? segment : ID_SEGMENT;
}

/** The literal segments of route paths: words a template keeps whatever their case. */
export function routeVocabulary(paths: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const path of paths)
    for (const part of path.split('/'))
      if (part && !part.startsWith(':') && part !== '*') words.add(part);
  return words;
}

/**
 * The endpoint template of a request path: the query string and fragment dropped, every segment
 * that carries a value collapsed to `:id` (see WORD), so a template names an endpoint and never
 * a patient (`/api/patients/4711/merge` → `/api/patients/:id/merge`). A segment at a parameter of
 * the matched route's `pattern` is an id whatever it looks like. Bounded in length and depth: a
 * client cannot mint long templates, and the tracker caps how many it keeps.
 */
export function endpointTemplate(
  path: string,
  pattern?: string,
  vocabulary: ReadonlySet<string> = NO_WORDS,
): string {
  const params = pattern?.split('/');
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
    out.push(params?.[i]?.startsWith(':') ? ID_SEGMENT : segmentTemplate(segments[i]!, vocabulary));
  }
  const template = out.join('/');
  if (!template.startsWith('/')) return OTHER_TEMPLATE;
  return template.length > MAX_TEMPLATE_LENGTH ? OTHER_TEMPLATE : template;
}
