import { Expose, Type } from 'class-transformer';
import { ValidateIf, ValidateNested } from 'class-validator';
import type { NewPatient } from '../../domain/patient-command';
import { nullish, Rule } from '../../validation/rule';
import { nonEmptyText, text } from '../../validation/checks';
import { genderOfSex } from '../patient-codes';
import { addressObject, addressOfInput, AddressInput } from './address.input';
import { pastIsoDate, sexInput, Trimmed } from './body-checks';
import { orNull, readInput } from './request-input';

/** `POST /api/patients`: readable names in, as the clinic has always taken them. */
class CreatePatientBody {
  @Expose() @Trimmed() @Rule(nonEmptyText(40)) firstName!: string;
  @Expose() @Trimmed() @Rule(nonEmptyText(40)) lastName!: string;
  @Expose() @Trimmed() @Rule(nullish(text(40))) middleName?: string | null;
  @Expose() @Rule(nullish(pastIsoDate)) dob?: string | null;
  @Expose() @Rule(nullish(sexInput)) sex?: string | null;
  @Expose()
  @Type(() => AddressInput)
  @ValidateIf((body: { address?: unknown }) => body.address !== undefined && body.address !== null)
  @Rule(addressObject)
  @ValidateNested()
  address?: AddressInput | null;
  @Expose() @Trimmed() @Rule(nullish(text(30))) phone?: string | null;
  @Expose() @Trimmed() @Rule(nullish(text(100))) email?: string | null;
}

/**
 * The body of the clinic's `POST /api/patients` as a new domain patient. Throws
 * LegacyTranslationError naming the first bad field with the clinic's own wording.
 */
export function newPatientFromLegacyBody(body: unknown): NewPatient {
  const input = readInput(CreatePatientBody, body);
  const middle = orNull(input.middleName);
  return {
    name: { given: middle ? [input.firstName, middle] : [input.firstName], family: input.lastName },
    birthDate: input.dob ?? null,
    gender: genderOfSex(input.sex ?? ''),
    address: input.address ? addressOfInput(input.address) : null,
    phone: orNull(input.phone),
    email: orNull(input.email),
  };
}
