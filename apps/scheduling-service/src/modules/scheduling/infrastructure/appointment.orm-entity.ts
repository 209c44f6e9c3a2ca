import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AppointmentStatus } from '@ficus/legacy-adapter';

/** The `appointments` row. The table itself is made by migrations; this only maps it. */
@Entity({ name: 'appointments' })
export class AppointmentOrmEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id!: number;

  @Column({ name: 'patient_id', type: 'int' })
  patientId!: number;

  @Column({ name: 'practitioner_id', type: 'int' })
  practitionerId!: number;

  /** 'YYYY-MM-DD': DATE is read as text (see the data source), never shifted by a zone. */
  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  /** 'HH:MM:SS' as the driver reads TIME. */
  @Column({ name: 'start_time', type: 'time' })
  startTime!: string;

  @Column({ name: 'duration_minutes', type: 'smallint' })
  durationMinutes!: number;

  @Column({ type: 'enum', enum: ['booked', 'fulfilled', 'noshow', 'cancelled'] })
  status!: AppointmentStatus;

  @Column({ type: 'varchar', nullable: true })
  reason!: string | null;

  @Column({ name: 'cancellation_reason', type: 'varchar', nullable: true })
  cancellationReason!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3, nullable: true })
  createdAt!: Date | null;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3, nullable: true })
  updatedAt!: Date | null;

  @Column({ name: 'source_position', type: 'varchar', nullable: true })
  sourcePosition!: string | null;
}
