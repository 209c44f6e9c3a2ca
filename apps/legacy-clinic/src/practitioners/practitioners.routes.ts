import { Router } from 'express';
import { type Pool } from 'mysql2/promise';
import { z } from 'zod';
import { notFound } from '../http/errors';
import { idText, paging, parseInput } from '../http/validation';
import { findPractitioner, listPractitioners } from './practitioner.dao';

const listQuery = z.object({
  spec: z
    .string({ error: 'a specialty code of 1 to 4 letters, e.g. FP' })
    .regex(/^[A-Za-z]{1,4}$/, 'a specialty code of 1 to 4 letters, e.g. FP')
    .transform((s) => s.toUpperCase())
    .optional(),
  active: z.enum(['Y', 'N'], { error: "'Y' or 'N'" }).optional(),
  ...paging(100, 1000),
});

export function practitionersRouter(pool: Pool): Router {
  const router = Router();

  router.get('/api/practitioners', async (req, res) => {
    const query = parseInput(listQuery, req.query);
    const practitioners = await listPractitioners(pool, query);
    res.json({
      count: practitioners.length,
      limit: query.limit,
      offset: query.offset,
      practitioners,
    });
  });

  router.get('/api/practitioners/:id', async (req, res) => {
    const id = parseInput(idText, req.params.id, 'id');
    const practitioner = await findPractitioner(pool, id);
    if (!practitioner) throw notFound('practitioner', id);
    res.json(practitioner);
  });

  return router;
}
