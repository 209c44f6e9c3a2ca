import { Expose } from 'class-transformer';
import type { BookingRequest, DayQuery, RescheduleRequest } from '../../domain/appointment';
import type { PractitionerQuery } from '../../domain/practitioner';
import { LegacyTranslationError } from '../../legacy-translation.error';
import { optional, Rule, type Check } from '../../validation/rule';
import { integerBetween, textMatching } from '../../validation/checks';
import { isIsoDate } from '../legacy-date';
import { MAX_DB_INT } from '../patient-columns';
import { Trimmed } from './body-checks';
import { readInput, REQUEST_CONTEXT } from './request-input';

/**
 * The clinic's scheduling requests (bodies, query strings, path ids) as domain requests, refused
 * with the clinic's own `field` and `expected` wording, field by field in the clinic's order.
 */
const ID_EXPECTED = 'a positive integer id';
const ID_TEXT = /^[1-9]\d{0,9}$/;

const bodyId: Check = integerBetween(1, MAX_DB_INT, ID_EXPECTED);
const idText: Check = (value) =>
  typeof value === 'string' && ID_TEXT.test(value) && Number(value) <= MAX_DB_INT
    ? undefined
    : ID_EXPECTED;

/**
 * The clinic checks a date by building it with Date.UTC, which reads years 0–99 as 1900–1999, so
 * it refuses years before 100; the same dates are refused here.
 */
const visitDate: Check = textMatching(
  (text) => isIsoDate(text) && Number(text.slice(0, 4)) >= 100,
  'a date YYYY-MM-DD',
);
const clockTime: Check = textMatching(
  (text) => /^([01]\d|2[0-3]):([0-5]\d)$/.test(text),
  'a time HH:MM (24-hour)',
);
const duration: Check = integerBetween(5, 480, 'an integer from 5 to 480');

/**
 * Free text bounded as the clinic bounds it: by UTF-16 length after trimming (its validator's
 * `max`), which is never more code points than the VARCHAR holds.
 */
function clinicText(max: number): Check {
  const expected = `text of at most ${max} characters`;
  return (value) => (typeof value === 'string' && value.length <= max ? undefined : expected);
}

function paging(maxLimit: number): { limit: Check; offset: Check } {
  const limitExpected = `an integer from 1 to ${maxLimit}`;
  return {
    limit: (value) =>
      typeof value === 'string' &&
      /^\d{1,6}$/.test(value) &&
      Number(value) >= 1 &&
      Number(value) <= maxLimit
        ? undefined
        : limitExpected,
    offset: (value) =>
      typeof value === 'string' && /^\d{1,9}$/.test(value) ? undefined : 'an integer of at least 0',
  };
}

const dayPaging = paging(2000);
const practitionerPaging = paging(1000);

class BookBody {
  @Expose() @Rule(bodyId) patientId!: number;
  @Expose() @Rule(bodyId) practitionerId!: number;
  @Expose() @Rule(visitDate) date!: string;
  @Expose() @Rule(clockTime) time!: string;
  @Expose() @Rule(optional(duration)) duration?: number;
  @Expose() @Trimmed() @Rule(optional(clinicText(100))) reason?: string;
}

class RescheduleBody {
  @Expose() @Rule(visitDate) date!: string;
  @Expose() @Rule(clockTime) time!: string;
  @Expose() @Rule(optional(duration)) duration?: number;
  @Expose() @Rule(optional(bodyId)) practitionerId?: number;
}

class CancelBody {
  @Expose() @Trimmed() @Rule(optional(clinicText(100))) reason?: string;
}

class DayQueryInput {
  @Expose() @Rule(visitDate) date!: string;
  @Expose() @Rule(optional(idText)) practitionerId?: string;
  @Expose() @Rule(optional(dayPaging.limit)) limit?: string;
  @Expose() @Rule(optional(dayPaging.offset)) offset?: string;
}

const SPEC_EXPECTED = 'a specialty code of 1 to 4 letters, e.g. FP';

class PractitionerQueryInput {
  @Expose()
  @Rule(optional(textMatching((s) => /^[A-Za-z]{1,4}$/.test(s), SPEC_EXPECTED)))
  spec?: string;
  @Expose()
  @Rule(optional(textMatching((s) => s === 'Y' || s === 'N', "'Y' or 'N'")))
  active?: string;
  @Expose() @Rule(optional(practitionerPaging.limit)) limit?: string;
  @Expose() @Rule(optional(practitionerPaging.offset)) offset?: string;
}

/** `POST /api/appointments`: 30 minutes unless said otherwise. */
export function bookingFromLegacyBody(body: unknown): BookingRequest {
  const input = readInput(BookBody, body);
  return {
    patientId: input.patientId,
    practitionerId: input.practitionerId,
    date: input.date,
    time: input.time,
    durationMinutes: input.duration ?? 30,
    reason: input.reason === undefined || input.reason === '' ? null : input.reason,
  };
}

/** `PUT /api/appointments/:id/reschedule` */
export function rescheduleFromLegacyBody(body: unknown): RescheduleRequest {
  const input = readInput(RescheduleBody, body);
  return {
    date: input.date,
    time: input.time,
    ...(input.duration === undefined ? {} : { durationMinutes: input.duration }),
    ...(input.practitionerId === undefined ? {} : { practitionerId: input.practitionerId }),
  };
}

/** `POST /api/appointments/:id/cancel`: the reason, null when none was given. */
export function cancellationReasonFromLegacyBody(body: unknown): string | null {
  const reason = readInput(CancelBody, body).reason;
  return reason === undefined || reason === '' ? null : reason;
}

/** `GET /api/appointments?date=&practitionerId=&limit=&offset=`: 500 a page unless said otherwise. */
export function dayQueryFromLegacyQuery(query: unknown): DayQuery {
  const input = readInput(DayQueryInput, query);
  return {
    date: input.date,
    ...(input.practitionerId === undefined ? {} : { practitionerId: Number(input.practitionerId) }),
    limit: input.limit === undefined ? 500 : Number(input.limit),
    offset: input.offset === undefined ? 0 : Number(input.offset),
  };
}

/** `GET /api/practitioners?spec=&active=&limit=&offset=`: 100 a page unless said otherwise. */
export function practitionerQueryFromLegacyQuery(query: unknown): PractitionerQuery {
  const input = readInput(PractitionerQueryInput, query);
  return {
    ...(input.spec === undefined ? {} : { specialty: input.spec.toUpperCase() }),
    ...(input.active === undefined ? {} : { active: input.active === 'Y' }),
    limit: input.limit === undefined ? 100 : Number(input.limit),
    offset: input.offset === undefined ? 0 : Number(input.offset),
  };
}

/** The `:id` of a scheduling path (`/api/practitioners/:id`, `/api/appointments/:id/cancel`, …). */
export function schedulingIdFromLegacyPath(param: unknown): number {
  if (idText(param) === undefined) return Number(param);
  throw new LegacyTranslationError('id', ID_EXPECTED, REQUEST_CONTEXT);
}
