import { Router } from 'express';
import { type Pool } from 'mysql2/promise';
import { type Logger } from '@ficus/core';

/** GET /health: ok only when the database answers, so a gateway can tell a dead monolith apart. */
export function healthRouter(pool: Pool, logger: Logger): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    try {
      await pool.query('SELECT 1');
      res.json({ status: 'ok' });
    } catch (err) {
      const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
      logger.warn({ code }, 'health check: database unreachable');
      res.status(503).json({ status: 'unavailable' });
    }
  });
  return router;
}
