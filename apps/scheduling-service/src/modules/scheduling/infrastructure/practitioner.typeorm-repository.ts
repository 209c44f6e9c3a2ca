import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Practitioner, PractitionerQuery } from '@ficus/legacy-adapter';
import type { PractitionerRepositoryPort } from '../domain/practitioner.repository.port';
import { PractitionerMapper } from '../scheduling.mapper';
import { PractitionerOrmEntity } from './practitioner.orm-entity';

@Injectable()
export class PractitionerTypeormRepository implements PractitionerRepositoryPort {
  constructor(
    @InjectRepository(PractitionerOrmEntity)
    private readonly rows: Repository<PractitionerOrmEntity>,
  ) {}

  async findById(id: number): Promise<Practitioner | undefined> {
    const row = await this.rows.findOneBy({ id });
    return row ? PractitionerMapper.toDomain(row) : undefined;
  }

  async list(query: PractitionerQuery): Promise<Practitioner[]> {
    const qb = this.rows.createQueryBuilder('p');
    if (query.specialty !== undefined) {
      qb.andWhere('p.specialty = :specialty', { specialty: query.specialty });
    }
    if (query.active !== undefined) qb.andWhere('p.active = :active', { active: query.active });
    const rows = await qb
      .orderBy('p.familyName', 'ASC')
      .addOrderBy('p.givenName', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(query.limit)
      .offset(query.offset)
      .getMany();
    return rows.map((row) => PractitionerMapper.toDomain(row));
  }
}
