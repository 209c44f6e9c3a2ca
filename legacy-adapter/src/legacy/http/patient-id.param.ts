import { LegacyTranslationError } from '../../legacy-translation.error';
import { MAX_DB_INT } from '../patient-columns';
import { REQUEST_CONTEXT } from './request-input';

const ID_TEXT = /^[1-9]\d{0,9}$/;

/** The `:id` of `/api/patients/:id`: digits, no sign or leading zero, within INT. */
export function patientIdFromLegacyPath(param: unknown): number {
  if (typeof param === 'string' && ID_TEXT.test(param) && Number(param) <= MAX_DB_INT) {
    return Number(param);
  }
  throw new LegacyTranslationError('id', 'a positive integer id', REQUEST_CONTEXT);
}
