import { Expose, Type } from 'class-transformer';
import { ValidateIf, ValidateNested } from 'class-validator';
import type { PatientChanges, PatientUpdate } from '../../domain/patient-command';
import type { PatientLifecycle } from '../../domain/patient';
import { LegacyTranslationError } from '../../legacy-translation.error';
import { nullish, optional, Rule, type Check } from '../../validation/rule';
import { nonEmptyText, text } from '../../validation/checks';
import { genderOfSex } from '../patient-codes';
import { addressObject, addressOfInput, AddressInput } from './address.input';
import { oneOf, pastIsoDate, sexInput, Trimmed } from './body-checks';
import { orNull, readInput, REQUEST_CONTEXT } from './request-input';

const VERSION_EXPECTED = 'the PAT_VER you read, an integer';
const version: Check = (value) =>
  typeof value === 'number' && Number.isSafeInteger(value) ? undefined : VERSION_EXPECTED;

const status = oneOf(
  ['A', 'I', 'D'],
  "one of 'A' (active), 'I' (inactive), 'D' (deceased); 'M' is set by a merge",
);

/** `PUT /api/patients/:id`: the version read, and only the fields to change; null blanks one. */
class UpdatePatientBody {
  @Expose() @Rule(version) version!: number;
  @Expose() @Trimmed() @Rule(optional(nonEmptyText(40))) firstName?: string;
  @Expose() @Trimmed() @Rule(optional(nonEmptyText(40))) lastName?: string;
  @Expose() @Trimmed() @Rule(nullish(text(40))) middleName?: string | null;
  @Expose() @Rule(nullish(pastIsoDate)) dob?: string | null;
  @Expose() @Rule(nullish(sexInput)) sex?: string | null;
  @Expose() @Rule(optional(status)) status?: 'A' | 'I' | 'D';
  @Expose()
  @Type(() => AddressInput)
  @ValidateIf((body: { address?: unknown }) => body.address !== undefined && body.address !== null)
  @Rule(addressObject)
  @ValidateNested()
  address?: AddressInput | null;
  @Expose() @Trimmed() @Rule(nullish(text(30))) phone?: string | null;
  @Expose() @Trimmed() @Rule(nullish(text(100))) email?: string | null;
}

const LIFECYCLE_BY_STATUS: Record<'A' | 'I' | 'D', PatientLifecycle> = {
  A: 'active',
  I: 'inactive',
  D: 'deceased',
};

/**
 * The body of the clinic's `PUT /api/patients/:id` as a domain update. Throws
 * LegacyTranslationError naming the first bad field, or `body` when nothing would change.
 */
export function patientUpdateFromLegacyBody(body: unknown): PatientUpdate {
  const input = readInput(UpdatePatientBody, body);
  const changes: PatientChanges = {};
  if (input.firstName !== undefined) changes.givenName = input.firstName;
  if (input.lastName !== undefined) changes.family = input.lastName;
  if (input.middleName !== undefined) changes.middleNames = orNull(input.middleName);
  if (input.dob !== undefined) changes.birthDate = input.dob;
  if (input.sex !== undefined) changes.gender = genderOfSex(input.sex ?? '');
  if (input.status !== undefined) changes.lifecycle = LIFECYCLE_BY_STATUS[input.status];
  if (input.address !== undefined)
    changes.address = input.address ? addressOfInput(input.address) : null;
  if (input.phone !== undefined) changes.phone = orNull(input.phone);
  if (input.email !== undefined) changes.email = orNull(input.email);
  if (Object.keys(changes).length === 0) {
    throw new LegacyTranslationError(
      'body',
      'at least one field to change besides version',
      REQUEST_CONTEXT,
    );
  }
  return { version: input.version, changes };
}
