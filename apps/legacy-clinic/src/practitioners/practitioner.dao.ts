import { type Sql } from '../db/sql';
import { type PractitionerRow } from './practitioner.row';

export async function findPractitioner(db: Sql, id: number): Promise<PractitionerRow | undefined> {
  const [rows] = await db.query<PractitionerRow[]>('SELECT * FROM PRAC_MST WHERE PRAC_ID = ?', [
    id,
  ]);
  return rows[0];
}

/**
 * Locks the practitioner's row until the transaction ends. Bookings for one practitioner take
 * this lock first, so two requests for the same slot are checked one after the other.
 */
export async function lockPractitioner(db: Sql, id: number): Promise<PractitionerRow | undefined> {
  const [rows] = await db.query<PractitionerRow[]>(
    'SELECT * FROM PRAC_MST WHERE PRAC_ID = ? FOR UPDATE',
    [id],
  );
  return rows[0];
}

export interface PractitionerFilter {
  spec?: string;
  active?: 'Y' | 'N';
  limit: number;
  offset: number;
}

export async function listPractitioners(
  db: Sql,
  filter: PractitionerFilter,
): Promise<PractitionerRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.spec !== undefined) {
    where.push('PRAC_SPEC = ?');
    params.push(filter.spec);
  }
  if (filter.active !== undefined) {
    where.push('PRAC_ACTV = ?');
    params.push(filter.active);
  }
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const [rows] = await db.query<PractitionerRow[]>(
    `SELECT * FROM PRAC_MST ${whereSql} ORDER BY PRAC_LNAME, PRAC_FNAME, PRAC_ID LIMIT ? OFFSET ?`,
    [...params, filter.limit, filter.offset],
  );
  return rows;
}
