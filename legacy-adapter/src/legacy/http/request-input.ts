import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { LegacyTranslationError } from '../../legacy-translation.error';
import { assertValid } from '../../validation/first-problem';
import { isPlainObject } from '../../validation/rule';

export const REQUEST_CONTEXT = 'clinic API request';

/**
 * A JSON body or query string as a validated input instance. An absent body reads as {} so that
 * the first missing field is named, as the clinic does; only declared members are copied over.
 */
export function readInput<T extends object>(type: ClassConstructor<T>, value: unknown): T {
  const plain = value ?? {};
  if (!isPlainObject(plain)) {
    throw new LegacyTranslationError('body', 'a JSON object', REQUEST_CONTEXT);
  }
  const input = plainToInstance(type, plain, { excludeExtraneousValues: true });
  assertValid(input, REQUEST_CONTEXT);
  return input;
}

/** `null` and absent both mean "none" in a create body, and '' is how the clinic stores none. */
export function orNull(text: string | null | undefined): string | null {
  return text === undefined || text === null || text === '' ? null : text;
}
