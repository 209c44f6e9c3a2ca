import { Expose } from 'class-transformer';
import { Rule, type Check } from '../../validation/rule';
import { LegacyTranslationError } from '../../legacy-translation.error';
import { readInput, REQUEST_CONTEXT } from './request-input';

const INTO_EXPECTED = 'the surviving patient id, a positive integer';

/** No upper bound, as the clinic has none: an id past INT is simply a patient that does not exist. */
const into: Check = (value) =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 1
    ? undefined
    : INTO_EXPECTED;

/** `POST /api/patients/:id/merge`: `{ "into": <surviving id> }`. */
class MergePatientBody {
  @Expose() @Rule(into) into!: number;
}

/**
 * The body of the clinic's merge as the surviving id. Throws LegacyTranslationError with the
 * clinic's wording, `into` also when it names the record being merged.
 */
export function mergeTargetFromLegacyBody(fromId: number, body: unknown): number {
  const input = readInput(MergePatientBody, body);
  if (input.into === fromId) {
    throw new LegacyTranslationError('into', 'the id of another patient', REQUEST_CONTEXT);
  }
  return input.into;
}
