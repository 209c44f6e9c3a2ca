import { FicusError } from '@ficus/core';

export const LEGACY_TRANSLATION_ERROR_CODE = 'FICUS_ACL_INVALID';

/**
 * A value that cannot cross the anti-corruption layer: a legacy row or request that does not
 * follow the legacy rules, or a domain patient the monolith could not store. It names the field
 * and what was expected there, never the value, because the value may be patient data. Retrying
 * cannot help: the data itself must be fixed.
 */
export class LegacyTranslationError extends FicusError {
  readonly field: string;
  readonly expected: string;

  constructor(field: string, expected: string, context: string) {
    super(LEGACY_TRANSLATION_ERROR_CODE, `${context}: ${field}: expected ${expected}`, {
      retriable: false,
      details: { field, expected },
    });
    this.field = field;
    this.expected = expected;
  }
}
