import { Rule } from '../validation/rule';
import { integerBetween, text, textMatching } from '../validation/checks';
import { isLegacyStamp } from './legacy-date';
import { MAX_DB_INT } from './patient-columns';
import { NPI_WIDTH, PRACTITIONER_NAME_WIDTH, SPECIALTY_WIDTH } from './practitioner-columns';

const STAMP_EXPECTED = "'YYYYMMDDHHMMSS' (a real UTC instant) or ''";

/** A PRAC_MST row as CDC delivers it or the clinic answers it, checked column by column. */
export class LegacyPractitionerRowInput {
  @Rule(integerBetween(1, MAX_DB_INT, 'a positive integer id'))
  PRAC_ID!: number;

  @Rule(text(PRACTITIONER_NAME_WIDTH))
  PRAC_FNAME!: string;

  @Rule(text(PRACTITIONER_NAME_WIDTH))
  PRAC_LNAME!: string;

  @Rule(text(SPECIALTY_WIDTH))
  PRAC_SPEC!: string;

  @Rule(text(NPI_WIDTH))
  PRAC_NPI!: string;

  @Rule(textMatching((c) => c === 'Y' || c === 'N', "'Y' or 'N'"))
  PRAC_ACTV!: string;

  @Rule(textMatching(isLegacyStamp, STAMP_EXPECTED))
  PRAC_CRT_DT!: string;

  @Rule(textMatching(isLegacyStamp, STAMP_EXPECTED))
  PRAC_UPD_DT!: string;
}
