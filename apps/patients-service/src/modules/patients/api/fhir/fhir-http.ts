import { FicusError } from '@ficus/core';

/** https://hl7.org/fhir/R4/http.html#mime-type */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** https://hl7.org/fhir/R4/valueset-issue-type.html (the codes this API uses) */
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

/** A request the FHIR API refuses before reaching the domain (a bad resource, a missing If-Match). */
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
}

/** `W/"3"`, `"3"` or `3` → 3; anything else → undefined. https://hl7.org/fhir/R4/http.html#concurrency */
export function versionOfETag(tag: string): number | undefined {
  const match = /^(?:W\/)?"?([1-9]\d{0,9})"?$/.exec(tag.trim());
  return match ? Number(match[1]) : undefined;
}

export function eTagOf(version: number): string {
  return `W/"${version}"`;
}
