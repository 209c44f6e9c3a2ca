import { z } from 'zod';
import {
  bodyId,
  clockTime,
  idText,
  integerBetween,
  isoDate,
  jsonObject,
  paging,
  text,
} from '../http/validation';

const duration = integerBetween(5, 480);

export const bookBody = jsonObject({
  patientId: bodyId,
  practitionerId: bodyId,
  date: isoDate,
  time: clockTime,
  duration: duration.default(30),
  reason: text(100).default(''),
});

export const rescheduleBody = jsonObject({
  date: isoDate,
  time: clockTime,
  duration: duration.optional(),
  practitionerId: bodyId.optional(),
});

export const cancelBody = jsonObject({
  reason: text(100).default(''),
});

export const dayQuery = z.object({
  date: isoDate,
  practitionerId: idText.optional(),
  ...paging(500, 2000),
});
