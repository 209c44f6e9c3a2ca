import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsEmpty,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { GENDERS, type NewPatient } from '@ficus/legacy-adapter';
import { FhirRequestError, type OperationOutcomeIssue } from '@ficus/service-kit';

class FhirHumanNameInput {
  @IsOptional() @IsString() use?: string;
  @IsString() @IsNotEmpty() family!: string;
  @IsArray()
  @ArrayMinSize(1, {
    message: 'given must hold at least one name: the clinic requires a first name',
  })
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  given!: string[];
}

class FhirContactPointInput {
  @IsIn(['phone', 'email'], {
    message: 'system must be phone or email: the clinic records no other',
  })
  system!: string;
  @IsString() @IsNotEmpty() value!: string;
  @IsOptional() @IsString() use?: string;
}

class FhirAddressInput {
  @IsOptional() @IsString() use?: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2, { message: 'line may hold at most 2 lines: the clinic records no more' })
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  line?: string[];
  @IsOptional() @IsString() @IsNotEmpty() city?: string;
  @IsOptional() @IsString() @IsNotEmpty() state?: string;
  @IsOptional() @IsString() @IsNotEmpty() postalCode?: string;
}

/**
 * The Patient elements this service records. Others are ignored, except the ones whose loss
 * would be silent data loss: those are refused with a reason.
 */
class FhirPatientInput {
  @Equals('Patient', { message: 'resourceType must be Patient' }) resourceType!: string;
  @IsOptional()
  @Matches(/^[1-9]\d{0,9}$/, { message: 'id must be a positive integer id' })
  id?: string;
  @IsOptional() @IsBoolean() active?: boolean;
  @IsArray()
  @ArrayMinSize(1, { message: 'name must hold one official name' })
  @ArrayMaxSize(1, { message: 'name may hold one name only: the clinic records no aliases' })
  @ValidateNested({ each: true })
  @Type(() => FhirHumanNameInput)
  name!: FhirHumanNameInput[];
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FhirContactPointInput)
  telecom?: FhirContactPointInput[];
  @IsOptional()
  @IsIn(GENDERS, {
    message: `gender must be one of ${GENDERS.join(', ')}: the clinic cannot record 'other' yet`,
  })
  gender?: string;
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, {
    message: 'birthDate must be a full date YYYY-MM-DD: the clinic cannot record a partial one',
  })
  birthDate?: string;
  @IsOptional() @IsBoolean() deceasedBoolean?: boolean;
  @IsEmpty({ message: 'deceasedDateTime cannot be recorded by the clinic; send deceasedBoolean' })
  deceasedDateTime?: unknown;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1, { message: 'address may hold one address only: the clinic records no more' })
  @ValidateNested({ each: true })
  @Type(() => FhirAddressInput)
  address?: FhirAddressInput[];
}

export interface FhirPatientWrite {
  /** The id the resource names, if it names one (an update must name its own). */
  id: number | undefined;
  patient: NewPatient;
  lifecycle: { active: boolean; deceased: boolean };
}

function issues(errors: readonly ValidationError[], path: string): OperationOutcomeIssue[] {
  return errors.flatMap((error) => {
    const at = /^\d+$/.test(error.property)
      ? `${path}[${error.property}]`
      : `${path}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map(
      (diagnostics): OperationOutcomeIssue => ({
        severity: 'error',
        code: 'invalid',
        diagnostics,
        expression: [at],
      }),
    );
    return [...own, ...issues(error.children ?? [], at)];
  });
}

function single(points: FhirContactPointInput[], system: string): string | null {
  const matching = points.filter((p) => p.system === system);
  if (matching.length > 1) {
    throw FhirRequestError.invalid(
      `telecom may hold one ${system} only: the clinic records no more`,
      'Patient.telecom',
    );
  }
  return matching[0]?.value ?? null;
}

/** A Patient resource from a create or update body, checked, as the domain's input. */
export function readFhirPatient(body: unknown): FhirPatientWrite {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw FhirRequestError.invalid('the body must be a Patient resource (a JSON object)');
  }
  const input = plainToInstance(FhirPatientInput, body);
  const problems = issues(validateSync(input, { forbidUnknownValues: false }), 'Patient');
  if (problems.length > 0) throw new FhirRequestError(400, 'FICUS_FHIR_INVALID', problems);
  const [name] = input.name as [FhirHumanNameInput];
  const address = input.address?.[0];
  const telecom = input.telecom ?? [];
  return {
    id: input.id === undefined ? undefined : Number(input.id),
    patient: {
      name: { given: [...name.given], family: name.family },
      birthDate: input.birthDate ?? null,
      gender: (input.gender ?? null) as NewPatient['gender'],
      address: address
        ? {
            line: address.line ?? [],
            city: address.city ?? null,
            state: address.state ?? null,
            postalCode: address.postalCode ?? null,
          }
        : null,
      phone: single(telecom, 'phone'),
      email: single(telecom, 'email'),
    },
    lifecycle: { active: input.active ?? true, deceased: input.deceasedBoolean ?? false },
  };
}
