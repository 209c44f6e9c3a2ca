import { type RowDataPacket } from 'mysql2/promise';

/** PATIENT_MST as the monolith stores it and, being legacy, also answers it over HTTP. */
export interface PatientRow extends RowDataPacket {
  PAT_ID: number;
  PAT_FNAME: string;
  PAT_LNAME: string;
  PAT_MNAME: string;
  PAT_DOB: string;
  PAT_SEX: string;
  PAT_STAT: PatientStatus;
  PAT_ADDR: string;
  PAT_PHONE: string;
  PAT_EMAIL: string;
  PAT_MRG_TO: number;
  PAT_CRT_DT: string;
  PAT_UPD_DT: string;
  PAT_VER: number;
}

/** A active, I inactive, D deceased, M merged into PAT_MRG_TO. */
export type PatientStatus = 'A' | 'I' | 'D' | 'M';

/** The columns a create or an update may set; ids, status M, stamps and the version are the app's. */
export interface PatientColumns {
  PAT_FNAME: string;
  PAT_LNAME: string;
  PAT_MNAME: string;
  PAT_DOB: string;
  PAT_SEX: string;
  PAT_STAT: Exclude<PatientStatus, 'M'>;
  PAT_ADDR: string;
  PAT_PHONE: string;
  PAT_EMAIL: string;
}
