import { FicusError } from '@ficus/core';

/** https://hl7.org/fhir/R4/http.html#mime-type */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** https://hl7.org/fhir/R4/valueset-issue-type.html (the codes the services use) */
export type IssueType =
  | 'invalid'
  | 'value'
  | 'not-found'
  | 'conflict'
  | 'business-rule'
  | 'processing'
  | 'exception'
  | 'transient';

export interface OperationOutcomeIssue {
  severity: 'error';
  code: IssueType;
  diagnostics: string;
  expression?: string[];
}

/** https://hl7.org/fhir/R4/operationoutcome.html */
export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: OperationOutcomeIssue[];
}

/**
 * A request a FHIR API refuses before reaching the domain (a bad resource or parameter, a
 * missing If-Match, an id the service could not have issued).
 */
export class FhirRequestError extends FicusError {
  constructor(
    readonly status: number,
    code: string,
    readonly issues: OperationOutcomeIssue[],
  ) {
    super(code, issues.map((i) => i.diagnostics).join('; '));
  }

  static invalid(diagnostics: string, expression?: string): FhirRequestError {
    return new FhirRequestError(400, 'FICUS_FHIR_INVALID', [
      {
        severity: 'error',
        code: 'invalid',
        diagnostics,
        ...(expression ? { expression: [expression] } : {}),
      },
    ]);
  }

  static notFound(resourceType: string): FhirRequestError {
    return new FhirRequestError(404, 'FICUS_FHIR_NOT_FOUND', [
      { severity: 'error', code: 'not-found', diagnostics: `no ${resourceType} has this id` },
    ]);
  }
}

const ID = /^[1-9]\d{0,9}$/;

/** A FHIR id the service could have issued (the clinic's integer ids); any other is not known. */
export function fhirId(param: string, resourceType: string): number {
  if (ID.test(param) && Number(param) <= 2_147_483_647) return Number(param);
  throw FhirRequestError.notFound(resourceType);
}
