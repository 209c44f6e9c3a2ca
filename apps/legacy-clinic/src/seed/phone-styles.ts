import { type SeededRandom } from './prng';

/**
 * PAT_PHONE was a free-text box for twenty years, so the same kind of number appears in every
 * shape a receptionist ever typed. All numbers are in the fictional 555-0100..0199 range.
 */
export const PHONE_STYLES = [
  'parenthesised',
  'dotted',
  'dashed',
  'international',
  'digits',
  'local',
  'blank',
] as const;

export type PhoneStyle = (typeof PHONE_STYLES)[number];

export interface FictionalNumber {
  /** Three digits, 201..989. */
  area: string;
  /** Four digits, 0100..0199. */
  line: string;
  /** Extension digits, or '' for none. */
  extension: string;
}

export function formatPhone(style: PhoneStyle, n: FictionalNumber): string {
  switch (style) {
    case 'parenthesised':
      return `(${n.area}) 555-${n.line}`;
    case 'dotted':
      return `${n.area}.555.${n.line}`;
    case 'dashed':
      return `${n.area}-555-${n.line}`;
    case 'international':
      return `+1 ${n.area} 555 ${n.line}${n.extension ? ` x${n.extension}` : ''}`;
    case 'digits':
      return `${n.area}555${n.line}`;
    case 'local':
      return `555-${n.line}`;
    case 'blank':
      return '';
  }
}

const STYLE_WEIGHTS: ReadonlyArray<readonly [PhoneStyle, number]> = [
  ['parenthesised', 35],
  ['dotted', 12],
  ['dashed', 20],
  ['international', 10],
  ['digits', 10],
  ['local', 6],
  ['blank', 7],
];

export function randomPhone(rng: SeededRandom): string {
  const style = rng.weighted(STYLE_WEIGHTS);
  return formatPhone(style, {
    area: String(rng.int(201, 989)),
    line: `01${String(rng.int(0, 99)).padStart(2, '0')}`,
    extension: rng.chance(0.3) ? String(rng.int(1, 99)) : '',
  });
}
