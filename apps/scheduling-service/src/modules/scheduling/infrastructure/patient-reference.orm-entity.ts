import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PatientReference } from '../domain/patient-reference';

/** The `patient_references` row: what booking needs to know of a patient held elsewhere. */
@Entity({ name: 'patient_references' })
export class PatientReferenceOrmEntity {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'enum', enum: ['active', 'inactive', 'deceased', 'merged'] })
  status!: PatientReference['status'];

  @Column({ name: 'merged_into', type: 'int', nullable: true })
  mergedInto!: number | null;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'source_position', type: 'varchar', nullable: true })
  sourcePosition!: string | null;
}
