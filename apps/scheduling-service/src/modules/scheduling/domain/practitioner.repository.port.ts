import type { Practitioner, PractitionerQuery } from '@ficus/legacy-adapter';

export const PRACTITIONER_REPOSITORY = Symbol('PractitionerRepositoryPort');

export interface PractitionerRepositoryPort {
  findById(id: number): Promise<Practitioner | undefined>;
  /** Ordered by family name, given name and id, as the clinic orders its list. */
  list(query: PractitionerQuery): Promise<Practitioner[]>;
}
