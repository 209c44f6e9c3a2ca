import { Rule } from '../validation/rule';
import { integerBetween, text, textMatching } from '../validation/checks';
import {
  APPOINTMENT_STATUS_EXPECTED,
  isAppointmentStatusCode,
  isLegacyTime,
} from './appointment-codes';
import { MAX_SMALLINT, REASON_WIDTH } from './appointment-columns';
import { isLegacyDate, isLegacyStamp, UNKNOWN_LEGACY_DATE } from './legacy-date';
import { MAX_DB_INT } from './patient-columns';

const STAMP_EXPECTED = "'YYYYMMDDHHMMSS' (a real UTC instant) or ''";

/**
 * An APPT_TRN row as CDC delivers it or the clinic answers it, checked column by column. A visit
 * always has a real day and time: the columns have no default and the clinic never wrote one
 * without them.
 */
export class LegacyAppointmentRowInput {
  @Rule(integerBetween(1, MAX_DB_INT, 'a positive integer id'))
  APPT_ID!: number;

  @Rule(integerBetween(1, MAX_DB_INT, 'a positive integer patient id'))
  APPT_PAT_ID!: number;

  @Rule(integerBetween(1, MAX_DB_INT, 'a positive integer practitioner id'))
  APPT_PRAC_ID!: number;

  @Rule(
    textMatching((d) => d !== UNKNOWN_LEGACY_DATE && isLegacyDate(d), "'YYYYMMDD' (a real date)"),
  )
  APPT_DT!: string;

  @Rule(textMatching(isLegacyTime, "'HHMM' (a real time of day)"))
  APPT_TM!: string;

  @Rule(integerBetween(1, MAX_SMALLINT, 'a positive number of minutes'))
  APPT_DUR!: number;

  @Rule(textMatching(isAppointmentStatusCode, APPOINTMENT_STATUS_EXPECTED))
  APPT_STAT!: string;

  @Rule(text(REASON_WIDTH))
  APPT_RSN!: string;

  @Rule(text(REASON_WIDTH))
  APPT_CXL_RSN!: string;

  @Rule(textMatching(isLegacyStamp, STAMP_EXPECTED))
  APPT_CRT_DT!: string;

  @Rule(textMatching(isLegacyStamp, STAMP_EXPECTED))
  APPT_UPD_DT!: string;
}
