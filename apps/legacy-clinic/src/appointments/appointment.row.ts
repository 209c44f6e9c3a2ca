import { type RowDataPacket } from 'mysql2/promise';

/** B booked, C completed, N no-show, X cancelled. */
export type AppointmentStatus = 'B' | 'C' | 'N' | 'X';

export interface AppointmentRow extends RowDataPacket {
  APPT_ID: number;
  APPT_PAT_ID: number;
  APPT_PRAC_ID: number;
  APPT_DT: string;
  APPT_TM: string;
  APPT_DUR: number;
  APPT_STAT: AppointmentStatus;
  APPT_RSN: string;
  APPT_CXL_RSN: string;
  APPT_CRT_DT: string;
  APPT_UPD_DT: string;
}
