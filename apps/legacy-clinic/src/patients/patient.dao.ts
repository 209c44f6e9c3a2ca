import { type ResultSetHeader } from 'mysql2/promise';
import { type Sql } from '../db/sql';
import { type PatientColumns, type PatientRow } from './patient.row';

export async function findPatient(db: Sql, id: number): Promise<PatientRow | undefined> {
  const [rows] = await db.query<PatientRow[]>('SELECT * FROM PATIENT_MST WHERE PAT_ID = ?', [id]);
  return rows[0];
}

export interface PatientSearch {
  lastNamePrefix?: string;
  firstNamePrefix?: string;
  dob?: string;
  limit: number;
  offset: number;
}

/** Merged records are left out: their survivor is the one to find. */
export async function searchPatients(db: Sql, search: PatientSearch): Promise<PatientRow[]> {
  const where = ["PAT_STAT <> 'M'"];
  const params: unknown[] = [];
  if (search.lastNamePrefix !== undefined) {
    where.push('PAT_LNAME LIKE ?');
    params.push(`${escapeLike(search.lastNamePrefix)}%`);
  }
  if (search.firstNamePrefix !== undefined) {
    where.push('PAT_FNAME LIKE ?');
    params.push(`${escapeLike(search.firstNamePrefix)}%`);
  }
  if (search.dob !== undefined) {
    where.push('PAT_DOB = ?');
    params.push(search.dob);
  }
  const [rows] = await db.query<PatientRow[]>(
    `SELECT * FROM PATIENT_MST WHERE ${where.join(' AND ')}
      ORDER BY PAT_LNAME, PAT_FNAME, PAT_ID LIMIT ? OFFSET ?`,
    [...params, search.limit, search.offset],
  );
  return rows;
}

export async function insertPatient(
  db: Sql,
  columns: PatientColumns,
  stamp: string,
): Promise<number> {
  const [result] = await db.query<ResultSetHeader>(
    `INSERT INTO PATIENT_MST
       (PAT_FNAME, PAT_LNAME, PAT_MNAME, PAT_DOB, PAT_SEX, PAT_STAT, PAT_ADDR, PAT_PHONE, PAT_EMAIL,
        PAT_MRG_TO, PAT_CRT_DT, PAT_UPD_DT, PAT_VER)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 1)`,
    [
      columns.PAT_FNAME,
      columns.PAT_LNAME,
      columns.PAT_MNAME,
      columns.PAT_DOB,
      columns.PAT_SEX,
      columns.PAT_STAT,
      columns.PAT_ADDR,
      columns.PAT_PHONE,
      columns.PAT_EMAIL,
      stamp,
      stamp,
    ],
  );
  return result.insertId;
}

/**
 * The optimistic lock: the row changes only if it still has the version the caller read, and
 * every change bumps it. Returns false when no row matched (gone, merged or changed meanwhile).
 */
export async function updatePatientIfVersion(
  db: Sql,
  id: number,
  version: number,
  changes: Partial<PatientColumns>,
  stamp: string,
): Promise<boolean> {
  // Column names come from PatientColumns keys set in code, never from the request.
  const entries = Object.entries(changes);
  const sets = entries.map(([column]) => `${column} = ?`);
  const [result] = await db.query<ResultSetHeader>(
    `UPDATE PATIENT_MST SET ${[...sets, 'PAT_UPD_DT = ?', 'PAT_VER = PAT_VER + 1'].join(', ')}
      WHERE PAT_ID = ? AND PAT_VER = ? AND PAT_STAT <> 'M'`,
    [...entries.map(([, value]) => value), stamp, id, version],
  );
  return result.affectedRows === 1;
}

/** LIKE treats % and _ as wildcards; a name containing them is searched literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Reads a patient under a shared lock until the transaction ends, so a merge cannot move the
 * patient's records away between this check and the insert that follows it.
 */
export async function findPatientShared(db: Sql, id: number): Promise<PatientRow | undefined> {
  const [rows] = await db.query<PatientRow[]>(
    'SELECT * FROM PATIENT_MST WHERE PAT_ID = ? LOCK IN SHARE MODE',
    [id],
  );
  return rows[0];
}
