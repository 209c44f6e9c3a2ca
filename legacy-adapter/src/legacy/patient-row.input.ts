import { Rule } from '../validation/rule';
import { integerBetween, nonEmptyText, text, textMatching } from '../validation/checks';
import { isLegacyDate, isLegacyStamp } from './legacy-date';
import { isPackedAddress, PACKED_ADDRESS_EXPECTED } from './packed-address';
import { isSexCode, isStatusCode, SEX_EXPECTED, STATUS_EXPECTED } from './patient-codes';
import { EMAIL_WIDTH, MAX_DB_INT, NAME_WIDTH, PHONE_WIDTH } from './patient-columns';

const STAMP_EXPECTED = "'YYYYMMDDHHMMSS' (a real UTC instant) or ''";

/**
 * A PATIENT_MST row as CDC delivers it or the clinic answers it, checked column by column before
 * any of it is translated. Names must be present: the clinic has always required them, and a
 * record without them cannot be searched or written back.
 */
export class LegacyPatientRowInput {
  @Rule(integerBetween(1, MAX_DB_INT, 'a positive integer id'))
  PAT_ID!: number;

  @Rule(nonEmptyText(NAME_WIDTH))
  PAT_FNAME!: string;

  @Rule(nonEmptyText(NAME_WIDTH))
  PAT_LNAME!: string;

  @Rule(text(NAME_WIDTH))
  PAT_MNAME!: string;

  @Rule(textMatching(isLegacyDate, "'YYYYMMDD' (a real date) or '00000000'"))
  PAT_DOB!: string;

  @Rule(textMatching(isSexCode, SEX_EXPECTED))
  PAT_SEX!: string;

  @Rule(textMatching(isStatusCode, STATUS_EXPECTED))
  PAT_STAT!: string;

  @Rule(textMatching(isPackedAddress, PACKED_ADDRESS_EXPECTED))
  PAT_ADDR!: string;

  @Rule(text(PHONE_WIDTH))
  PAT_PHONE!: string;

  @Rule(text(EMAIL_WIDTH))
  PAT_EMAIL!: string;

  @Rule(integerBetween(0, MAX_DB_INT, 'a patient id, or 0'))
  PAT_MRG_TO!: number;

  @Rule(textMatching(isLegacyStamp, STAMP_EXPECTED))
  PAT_CRT_DT!: string;

  @Rule(textMatching(isLegacyStamp, STAMP_EXPECTED))
  PAT_UPD_DT!: string;

  @Rule(integerBetween(1, MAX_DB_INT, 'a positive integer version'))
  PAT_VER!: number;
}
