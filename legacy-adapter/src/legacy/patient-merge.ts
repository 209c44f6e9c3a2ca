import type { PatientMerge } from '../domain/patient-command';
import { isoToLegacyStamp } from './legacy-date';
import { PATIENT_TABLE } from './patient-columns';

/**
 * The clinic's answer to a merge, keys in the clinic's order so that the JSON matches it byte for
 * byte.
 */
export function patientMergeToLegacyPayload(merge: PatientMerge): Record<string, unknown> {
  return {
    PAT_ID: merge.id,
    PAT_STAT: 'M',
    PAT_MRG_TO: merge.into,
    APPTS_MOVED: merge.appointmentsMoved,
    BILLS_MOVED: merge.invoicesMoved,
    PATS_REPOINTED: merge.patientsRepointed,
  };
}

export interface LegacyStatement {
  sql: string;
  params: unknown[];
}

/**
 * A merge as the monolith makes it, for a writer that must make it in the monolith's database
 * while appointments and invoices live there: the duplicate becomes status M pointing at the
 * survivor, records merged into the duplicate earlier are re-pointed (every pointer stays one hop
 * long), and the duplicate's appointments and invoices move to the survivor. Run in this order,
 * in one transaction, after `lockPair`.
 */
export function legacyMergeStatements(
  fromId: number,
  intoId: number,
  atIso: string,
): {
  lockPair: LegacyStatement;
  markMerged: LegacyStatement;
  repoint: LegacyStatement;
  moveAppointments: LegacyStatement;
  moveInvoices: LegacyStatement;
  readChanged: LegacyStatement;
} {
  const stamp = isoToLegacyStamp(atIso);
  return {
    // Primary-key order, as the clinic locks them, so two merges of one pair cannot deadlock.
    lockPair: {
      sql: `SELECT * FROM ${PATIENT_TABLE} WHERE PAT_ID IN (?, ?) ORDER BY PAT_ID FOR UPDATE`,
      params: [fromId, intoId],
    },
    markMerged: {
      sql: `UPDATE ${PATIENT_TABLE} SET PAT_STAT = 'M', PAT_MRG_TO = ?, PAT_UPD_DT = ?, PAT_VER = PAT_VER + 1
             WHERE PAT_ID = ?`,
      params: [intoId, stamp, fromId],
    },
    repoint: {
      sql: `UPDATE ${PATIENT_TABLE} SET PAT_MRG_TO = ?, PAT_UPD_DT = ?, PAT_VER = PAT_VER + 1
             WHERE PAT_MRG_TO = ? AND PAT_STAT = 'M'`,
      params: [intoId, stamp, fromId],
    },
    moveAppointments: {
      sql: 'UPDATE APPT_TRN SET APPT_PAT_ID = ?, APPT_UPD_DT = ? WHERE APPT_PAT_ID = ?',
      params: [intoId, stamp, fromId],
    },
    moveInvoices: {
      sql: 'UPDATE BILL_HDR SET BILL_PAT_ID = ?, BILL_UPD_DT = ? WHERE BILL_PAT_ID = ?',
      params: [intoId, stamp, fromId],
    },
    readChanged: {
      sql: `SELECT * FROM ${PATIENT_TABLE} WHERE PAT_ID = ? OR (PAT_MRG_TO = ? AND PAT_STAT = 'M') ORDER BY PAT_ID`,
      params: [fromId, intoId],
    },
  };
}
