import { z } from 'zod';
import { packAddress, ADDRESS_DELIMITER } from '../legacy/address';
import { isoToLegacyDate, UNKNOWN_LEGACY_DATE } from '../legacy/legacy-date';
import { isoDate, jsonObject, paging, requiredText, text } from '../http/validation';
import { type PatientColumns } from './patient.row';

/**
 * Request bodies use readable names; the answers use the columns (PAT_FNAME...). The mismatch is
 * the legacy API's, kept on purpose: the carved-out service must reproduce it.
 */
const addressPart = (max: number) =>
  text(max).refine(
    (v) => !v.includes(ADDRESS_DELIMITER),
    `text of at most ${max} characters without '${ADDRESS_DELIMITER}'`,
  );

const address = z.object(
  {
    line1: addressPart(60).default(''),
    line2: addressPart(60).default(''),
    city: addressPart(40).default(''),
    state: addressPart(2).default(''),
    zip: addressPart(10).default(''),
  },
  { error: 'an object { line1, line2, city, state, zip }' },
);

const sex = z.enum(['M', 'F', 'U', ''], { error: "one of 'M', 'F', 'U' or ''" });
const status = z.enum(['A', 'I', 'D'], {
  error: "one of 'A' (active), 'I' (inactive), 'D' (deceased); 'M' is set by a merge",
});

const pastDate = isoDate.refine(
  (d) => d <= new Date().toISOString().slice(0, 10),
  'a date YYYY-MM-DD, not in the future',
);

const fields = {
  firstName: requiredText(40),
  lastName: requiredText(40),
  middleName: text(40).nullish(),
  dob: pastDate.nullish(),
  sex: sex.nullish(),
  address: address.nullish(),
  phone: text(30).nullish(),
  email: text(100).nullish(),
};

export const createPatientBody = jsonObject(fields);

export const updatePatientBody = jsonObject({
  version: z
    .number({ error: 'the PAT_VER you read, an integer' })
    .int('the PAT_VER you read, an integer'),
  firstName: fields.firstName.optional(),
  lastName: fields.lastName.optional(),
  middleName: fields.middleName,
  dob: fields.dob,
  sex: fields.sex,
  status: status.optional(),
  address: fields.address,
  phone: fields.phone,
  email: fields.email,
});

export const mergePatientBody = jsonObject({
  into: z
    .number({ error: 'the surviving patient id, a positive integer' })
    .int('the surviving patient id, a positive integer')
    .min(1, 'the surviving patient id, a positive integer'),
});

export const patientSearchQuery = z.object({
  name: text(81).min(1, "a name prefix: 'last' or 'last, first'").optional(),
  dob: isoDate.optional(),
  ...paging(50, 500),
});

type CreatePatientBody = z.infer<typeof createPatientBody>;
type UpdatePatientBody = z.infer<typeof updatePatientBody>;

/** A new patient: absent values become the legacy blanks ('' and '00000000'). */
export function toNewPatientColumns(body: CreatePatientBody): PatientColumns {
  return {
    PAT_FNAME: body.firstName,
    PAT_LNAME: body.lastName,
    PAT_MNAME: body.middleName ?? '',
    PAT_DOB: body.dob ? isoToLegacyDate(body.dob) : UNKNOWN_LEGACY_DATE,
    PAT_SEX: body.sex ?? '',
    PAT_STAT: 'A',
    PAT_ADDR: body.address ? packAddress(body.address) : '',
    PAT_PHONE: body.phone ?? '',
    PAT_EMAIL: body.email ?? '',
  };
}

/** Only what the body names changes; an explicit null blanks the column. */
export function toChangedPatientColumns(body: UpdatePatientBody): Partial<PatientColumns> {
  const changes: Partial<PatientColumns> = {};
  if (body.firstName !== undefined) changes.PAT_FNAME = body.firstName;
  if (body.lastName !== undefined) changes.PAT_LNAME = body.lastName;
  if (body.middleName !== undefined) changes.PAT_MNAME = body.middleName ?? '';
  if (body.dob !== undefined)
    changes.PAT_DOB = body.dob ? isoToLegacyDate(body.dob) : UNKNOWN_LEGACY_DATE;
  if (body.sex !== undefined) changes.PAT_SEX = body.sex ?? '';
  if (body.status !== undefined) changes.PAT_STAT = body.status;
  if (body.address !== undefined) changes.PAT_ADDR = body.address ? packAddress(body.address) : '';
  if (body.phone !== undefined) changes.PAT_PHONE = body.phone ?? '';
  if (body.email !== undefined) changes.PAT_EMAIL = body.email ?? '';
  return changes;
}
