import { type RowDataPacket } from 'mysql2/promise';

export interface PractitionerRow extends RowDataPacket {
  PRAC_ID: number;
  PRAC_FNAME: string;
  PRAC_LNAME: string;
  PRAC_SPEC: string;
  PRAC_NPI: string;
  PRAC_ACTV: 'Y' | 'N';
  PRAC_CRT_DT: string;
  PRAC_UPD_DT: string;
}

/**
 * The specialty codes the old scheduling screen offered. Unknown codes do occur in old rows and
 * are answered as stored.
 */
export const PRAC_SPEC_CODES = {
  FP: 'family practice',
  IM: 'internal medicine',
  PED: 'paediatrics',
  CARD: 'cardiology',
  DERM: 'dermatology',
  ORTH: 'orthopaedics',
  OBG: 'obstetrics and gynaecology',
  PSY: 'psychiatry',
  NP: 'nurse practitioner',
} as const;
