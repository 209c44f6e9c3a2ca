import { minutesToLegacyTime } from '../legacy/legacy-date';
import {
  DAY_START_MINUTES,
  SLOT_MINUTES,
  SLOTS_PER_DAY,
  VISIT_DAYS,
  type SeedCalendar,
} from './calendar';
import { type SeededRandom } from './prng';
import { SlotPermutation } from './slot-permutation';

export interface SeedSlot {
  practitionerId: number;
  /** Days since 1970-01-01. */
  day: number;
  /** 'HHMM' */
  time: string;
}

/**
 * Every practitioner's calendar, as one numbered space of 30-minute slots: the n-th visit of the
 * run takes slot permutation(n), so no two seeded visits ever double-book a practitioner.
 */
export class AppointmentSlots {
  readonly capacity: number;
  private readonly permutation: SlotPermutation;
  private issued = 0;

  constructor(
    practitioners: number,
    private readonly calendar: SeedCalendar,
    rng: SeededRandom,
  ) {
    this.capacity = practitioners * VISIT_DAYS * SLOTS_PER_DAY;
    this.permutation = new SlotPermutation(this.capacity, rng);
  }

  next(): SeedSlot {
    if (this.issued >= this.capacity) throw new RangeError('every appointment slot is taken');
    const slot = this.permutation.at(this.issued++);
    const slotOfDay = slot % SLOTS_PER_DAY;
    const dayIndex = Math.floor(slot / SLOTS_PER_DAY) % VISIT_DAYS;
    const practitionerIndex = Math.floor(slot / (SLOTS_PER_DAY * VISIT_DAYS));
    return {
      practitionerId: practitionerIndex + 1,
      day: this.calendar.firstVisitDay + dayIndex,
      time: minutesToLegacyTime(DAY_START_MINUTES + slotOfDay * SLOT_MINUTES),
    };
  }
}
