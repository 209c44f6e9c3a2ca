import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { LegacySyncStatus } from './two-way-sync';

/**
 * Whatever runs a service's sync (or reports it disabled); a service provides it under this class
 * as its token (`{ provide: SyncStatusSource, useExisting: TheServicesSync }`).
 */
export abstract class SyncStatusSource {
  abstract status(): Promise<LegacySyncStatus>;
}

/**
 * The sync's state for operators and launchers: positions, lag and counts, never record data.
 * `GET /sync/ready` answers 503 until the legacy data is in the service (the inbound snapshot is
 * done), so a launcher can wait before routing traffic here.
 */
@Controller('sync')
export class SyncStatusHttpController {
  constructor(private readonly sync: SyncStatusSource) {}

  @Get('status')
  status(): Promise<LegacySyncStatus> {
    return this.sync.status();
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<{ ready: boolean }> {
    const { ready } = await this.sync.status();
    if (!ready) res.status(503);
    return { ready };
  }
}
