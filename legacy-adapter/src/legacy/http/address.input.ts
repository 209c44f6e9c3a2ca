// class-transformer's @Type reads design-time types, which need the Reflect metadata API.
import 'reflect-metadata';
import { Expose } from 'class-transformer';
import type { PatientAddress } from '../../domain/patient';
import { isPlainObject, Rule, type Check } from '../../validation/rule';
import { ADDRESS_DELIMITER, unpackAddress } from '../packed-address';
import { addressPart, Trimmed } from './body-checks';

/** An address as the clinic's request bodies carry it; parts left out read as ''. */
export class AddressInput {
  @Expose() @Trimmed() @Rule(optionalPart(60)) line1?: string;
  @Expose() @Trimmed() @Rule(optionalPart(60)) line2?: string;
  @Expose() @Trimmed() @Rule(optionalPart(40)) city?: string;
  @Expose() @Trimmed() @Rule(optionalPart(2)) state?: string;
  @Expose() @Trimmed() @Rule(optionalPart(10)) zip?: string;
}

function optionalPart(max: number): Check {
  const check = addressPart(max);
  return (value) => (value === undefined ? undefined : check(value));
}

export const ADDRESS_OBJECT_EXPECTED = 'an object { line1, line2, city, state, zip }';

export const addressObject: Check = (value) =>
  isPlainObject(value) || value instanceof AddressInput ? undefined : ADDRESS_OBJECT_EXPECTED;

/** As the clinic stores it: all parts empty is no address at all. */
export function addressOfInput(input: AddressInput): PatientAddress | null {
  const parts = [input.line1, input.line2, input.city, input.state, input.zip].map((p) => p ?? '');
  return parts.every((part) => part === '') ? null : unpackAddress(parts.join(ADDRESS_DELIMITER));
}
