/**
 * Word lists for the synthetic clinic. Names are fig- and garden-themed and every address is in a
 * made-up town, so no row can be mistaken for a real person; phone numbers use the fictional
 * 555-01xx range and e-mail the reserved .test domain.
 */
// prettier-ignore
export const FEMALE_FIRST_NAMES = [
  'Ada', 'Bryony', 'Clementine', 'Dahlia', 'Elodie', 'Fern', 'Hazel', 'Iris', 'Juniper', 'Laurel',
  'Magnolia', 'Nell', 'Olive', 'Poppy', 'Rosalind', 'Saffron', 'Tansy', 'Violet', 'Willa', 'Yarrow',
] as const;

// prettier-ignore
export const MALE_FIRST_NAMES = [
  'Alder', 'Basil', 'Cedric', 'Dorian', 'Ellis', 'Forrest', 'Garrick', 'Hollis', 'Ivo', 'Jasper',
  'Linus', 'Merritt', 'Oren', 'Perrin', 'Quill', 'Rowan', 'Silas', 'Thorne', 'Wendell', 'Zeke',
] as const;

// prettier-ignore
export const LAST_NAME_STEMS = [
  'Ash', 'Birch', 'Cedar', 'Elm', 'Fern', 'Fig', 'Hazel', 'Maple', 'Moss', 'Oak',
  'Pine', 'Reed', 'Rowan', 'Thistle', 'Willow', 'Yew', 'Banyan', 'Laurel', 'Bramble', 'Clover',
] as const;

// prettier-ignore
export const LAST_NAME_ENDINGS = [
  'wood', 'field', 'brook', 'ridge', 'dale', 'stone', 'ford', 'worth', 'holm', 'by', 'more', 'gate',
] as const;

// prettier-ignore
export const STREET_NAMES = [
  'Figtree', 'Banyan', 'Aerial Root', 'Canopy', 'Trellis', 'Epiphyte', 'Buttress', 'Lattice',
  'Greenhouse', 'Orchard', 'Sapling', 'Grafton',
] as const;

export const STREET_KINDS = ['St', 'Ave', 'Rd', 'Ln', 'Blvd', 'Ct', 'Way'] as const;

export const SECOND_LINES = ['APT 2B', 'Apt. 14', 'Unit 7', 'STE 200', '#3', 'Rear'] as const;

// prettier-ignore
export const CITIES = [
  'Ficusville', 'Banyan Falls', 'Rootford', 'Canopy Springs', 'Greenhollow', 'Mossbank',
  'Vinehaven', 'Trellis City',
] as const;

// prettier-ignore
export const STATES = ['CA', 'FL', 'IL', 'MA', 'MI', 'NC', 'NY', 'OH', 'OR', 'PA', 'TX', 'WA'] as const;

// prettier-ignore
export const VISIT_REASONS = [
  'ANNUAL PHYSICAL', 'F/U HTN', 'FLU SX', 'RX REFILL', 'LOW BACK PAIN', 'LAB REVIEW', 'WELL CHILD',
  'DM F/U', 'RASH', 'PRE-OP EVAL', 'ANXIETY F/U', '',
] as const;

export const CANCEL_REASONS = [
  'PT REQUEST',
  'PROV UNAVAILABLE',
  'WEATHER',
  'INS ISSUE',
  'RESCHED',
  '',
] as const;

/** [code, description as the old billing screen abbreviated it, unit price in cents]. */
export const BILLING_CODES: ReadonlyArray<readonly [string, string, number]> = [
  ['99213', 'OFFICE VISIT EST LVL 3', 9500],
  ['99214', 'OFFICE VISIT EST LVL 4', 14000],
  ['99203', 'OFFICE VISIT NEW LVL 3', 12575],
  ['36415', 'VENIPUNCTURE', 1250],
  ['81002', 'URINALYSIS NON-AUTO', 875],
  ['85025', 'CBC W/ DIFF', 1840],
  ['80053', 'COMP METABOLIC PANEL', 2215],
  ['90471', 'IMMUNIZATION ADMIN', 2500],
  ['93000', 'ECG 12 LEAD', 4530],
  ['71046', 'CHEST XRAY 2 VIEWS', 6000],
];

/** Specialty codes with how common each is; 'GENP' is a retired code old rows still carry. */
// prettier-ignore
export const SPECIALTIES: ReadonlyArray<readonly [string, number]> = [
  ['FP', 30], ['IM', 25], ['PED', 12], ['CARD', 6], ['DERM', 5], ['ORTH', 6], ['OBG', 7],
  ['PSY', 5], ['NP', 10], ['GENP', 2],
];
