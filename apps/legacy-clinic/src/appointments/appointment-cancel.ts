import { type Pool } from 'mysql2/promise';
import { withTransaction } from '@ficus/core';
import { notFound } from '../http/errors';
import { findAppointment, lockAppointment, markCancelled } from './appointment.dao';
import { type AppointmentRow } from './appointment.row';
import { assertBooked } from './appointment-booking';

/** POST /api/appointments/:id/cancel: a booked visit becomes X and frees its time. */
export async function cancelAppointment(
  pool: Pool,
  id: number,
  reason: string,
  stamp: string,
): Promise<AppointmentRow> {
  return withTransaction(pool, async (conn) => {
    const current = await lockAppointment(conn, id);
    if (!current) throw notFound('appointment', id);
    assertBooked(current);
    await markCancelled(conn, id, reason, stamp);
    return (await findAppointment(conn, id)) as AppointmentRow;
  });
}
