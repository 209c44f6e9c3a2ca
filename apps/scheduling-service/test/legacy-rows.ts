/** Clinic rows as CDC delivers them (or `SELECT *` returns them); `change` overrides columns. */
export function patientRow(
  id: number,
  change: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    PAT_ID: id,
    PAT_FNAME: 'Test',
    PAT_LNAME: 'Patient',
    PAT_MNAME: '',
    PAT_DOB: '19800101',
    PAT_SEX: 'U',
    PAT_STAT: 'A',
    PAT_ADDR: '',
    PAT_PHONE: '',
    PAT_EMAIL: '',
    PAT_MRG_TO: 0,
    PAT_CRT_DT: '20250101000000',
    PAT_UPD_DT: '20250101000000',
    PAT_VER: 1,
    ...change,
  };
}

export function practitionerRow(
  id: number,
  change: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    PRAC_ID: id,
    PRAC_FNAME: 'Test',
    PRAC_LNAME: 'Practitioner',
    PRAC_SPEC: 'FP',
    PRAC_NPI: '9900000000',
    PRAC_ACTV: 'Y',
    PRAC_CRT_DT: '20250701090000',
    PRAC_UPD_DT: '20250701090000',
    ...change,
  };
}

export function appointmentRow(
  id: number,
  change: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    APPT_ID: id,
    APPT_PAT_ID: 1,
    APPT_PRAC_ID: 1,
    APPT_DT: '20310303',
    APPT_TM: '0900',
    APPT_DUR: 30,
    APPT_STAT: 'B',
    APPT_RSN: '',
    APPT_CXL_RSN: '',
    APPT_CRT_DT: '20250701090000',
    APPT_UPD_DT: '20250701090000',
    ...change,
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

export async function send(
  base: string,
  path: string,
  body?: unknown,
  method = body === undefined ? 'GET' : 'POST',
): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

export function json<T = Record<string, unknown>>(answer: Answer): T {
  return JSON.parse(answer.body) as T;
}

export function errorCode(answer: Answer): string {
  return json<{ error: { code: string } }>(answer).error.code;
}
