import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { PatientReference } from '../domain/patient-reference';
import type { PatientReferenceRepositoryPort } from '../domain/patient-reference.repository.port';
import { PatientReferenceMapper } from '../scheduling.mapper';
import { PatientReferenceOrmEntity } from './patient-reference.orm-entity';

@Injectable()
export class PatientReferenceTypeormRepository implements PatientReferenceRepositoryPort {
  constructor(
    @InjectRepository(PatientReferenceOrmEntity)
    private readonly rows: Repository<PatientReferenceOrmEntity>,
  ) {}

  async findById(id: number): Promise<PatientReference | undefined> {
    const row = await this.rows.findOneBy({ id });
    return row ? PatientReferenceMapper.toDomain(row) : undefined;
  }
}
