import { type Pool, type PoolConnection, type ResultSetHeader } from 'mysql2/promise';
import { withTransaction } from '@ficus/core';
import { conflict, invalidField, notFound } from '../http/errors';
import { type PatientRow } from './patient.row';
import { mergedPatient } from './patient.errors';

export interface MergeResult {
  PAT_ID: number;
  PAT_STAT: 'M';
  PAT_MRG_TO: number;
  APPTS_MOVED: number;
  BILLS_MOVED: number;
  PATS_REPOINTED: number;
}

/**
 * Merges a duplicate record into its survivor in one transaction: the duplicate becomes status M
 * pointing at the survivor, its appointments and invoices move over, and records merged into the
 * duplicate earlier are re-pointed so every pointer stays one hop long.
 */
export async function mergePatient(
  pool: Pool,
  fromId: number,
  intoId: number,
  stamp: string,
): Promise<MergeResult> {
  if (fromId === intoId) throw invalidField('into', 'the id of another patient');
  return withTransaction(pool, async (conn) => {
    const [from, into] = await lockPair(conn, fromId, intoId);
    if (from.PAT_STAT === 'M') throw mergedPatient(from);
    if (into.PAT_STAT === 'M') {
      throw conflict(
        'CLINIC_MERGE_TARGET_MERGED',
        `patient ${intoId} was itself merged into patient ${into.PAT_MRG_TO}; merge into that record`,
        { into: intoId, mergedInto: into.PAT_MRG_TO },
      );
    }
    await run(
      conn,
      `UPDATE PATIENT_MST SET PAT_STAT = 'M', PAT_MRG_TO = ?, PAT_UPD_DT = ?, PAT_VER = PAT_VER + 1
        WHERE PAT_ID = ?`,
      [intoId, stamp, fromId],
    );
    const repointed = await run(
      conn,
      `UPDATE PATIENT_MST SET PAT_MRG_TO = ?, PAT_UPD_DT = ?, PAT_VER = PAT_VER + 1
        WHERE PAT_MRG_TO = ? AND PAT_STAT = 'M'`,
      [intoId, stamp, fromId],
    );
    const appts = await run(
      conn,
      'UPDATE APPT_TRN SET APPT_PAT_ID = ?, APPT_UPD_DT = ? WHERE APPT_PAT_ID = ?',
      [intoId, stamp, fromId],
    );
    const bills = await run(
      conn,
      'UPDATE BILL_HDR SET BILL_PAT_ID = ?, BILL_UPD_DT = ? WHERE BILL_PAT_ID = ?',
      [intoId, stamp, fromId],
    );
    return {
      PAT_ID: fromId,
      PAT_STAT: 'M',
      PAT_MRG_TO: intoId,
      APPTS_MOVED: appts,
      BILLS_MOVED: bills,
      PATS_REPOINTED: repointed,
    };
  });
}

/** Locks both rows in primary-key order, so two merges of the same pair cannot deadlock. */
async function lockPair(
  conn: PoolConnection,
  fromId: number,
  intoId: number,
): Promise<[PatientRow, PatientRow]> {
  const [rows] = await conn.query<PatientRow[]>(
    'SELECT * FROM PATIENT_MST WHERE PAT_ID IN (?, ?) ORDER BY PAT_ID FOR UPDATE',
    [fromId, intoId],
  );
  const from = rows.find((r) => r.PAT_ID === fromId);
  const into = rows.find((r) => r.PAT_ID === intoId);
  if (!from) throw notFound('patient', fromId);
  if (!into) throw notFound('patient', intoId, 'into');
  return [from, into];
}

async function run(conn: PoolConnection, sql: string, params: unknown[]): Promise<number> {
  const [result] = await conn.query<ResultSetHeader>(sql, params);
  return result.affectedRows;
}
