import { Inject, Injectable } from '@nestjs/common';
import type { Patient } from '@ficus/legacy-adapter';
import {
  PATIENT_REPOSITORY,
  type PatientQuery,
  type PatientRepositoryPort,
} from '../domain/patient.repository.port';

export interface SearchResult {
  patients: Patient[];
  /** Every match, past the page too; only computed when asked for. */
  total?: number;
}

@Injectable()
export class SearchPatients {
  constructor(@Inject(PATIENT_REPOSITORY) private readonly patients: PatientRepositoryPort) {}

  async run(query: PatientQuery, withTotal = false): Promise<SearchResult> {
    const patients = await this.patients.search(query);
    return withTotal ? { patients, total: await this.patients.count(query) } : { patients };
  }
}
