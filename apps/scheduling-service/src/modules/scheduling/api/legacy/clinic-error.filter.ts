import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from '@ficus/core';
import { describeForLog } from '../../../../http/error-kinds';
import { LOGGER } from '../../../../http/logger.token';
import { clinicErrorAnswer } from './clinic-http';

/** Every error of the legacy-compatible API leaves in the clinic's JSON error shape. */
@Catch()
export class ClinicErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly log: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body } = clinicErrorAnswer(err);
    if (status === 500) this.log.error({ err: describeForLog(err) }, 'legacy API request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).json({ error: body });
  }
}
