import { Inject, Injectable } from '@nestjs/common';
import type { Practitioner, PractitionerQuery } from '@ficus/legacy-adapter';
import {
  PRACTITIONER_REPOSITORY,
  type PractitionerRepositoryPort,
} from '../domain/practitioner.repository.port';
import { SchedulingNotFoundError } from '../domain/scheduling-errors';

@Injectable()
export class ReadPractitioners {
  constructor(
    @Inject(PRACTITIONER_REPOSITORY) private readonly practitioners: PractitionerRepositoryPort,
  ) {}

  async byId(id: number): Promise<Practitioner> {
    const practitioner = await this.practitioners.findById(id);
    if (!practitioner) throw new SchedulingNotFoundError('practitioner', id);
    return practitioner;
  }

  list(query: PractitionerQuery): Promise<Practitioner[]> {
    return this.practitioners.list(query);
  }
}
