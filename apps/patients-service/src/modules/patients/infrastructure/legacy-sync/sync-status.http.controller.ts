import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { LegacySync, type LegacySyncStatus } from './legacy-sync.service';

/**
 * The sync's state for operators and launchers: positions, lag and counts, never patient data.
 * `GET /sync/ready` answers 503 until the clinic's patients are in the service (the inbound
 * snapshot is done), so a launcher can wait before routing traffic here.
 */
@Controller('sync')
export class SyncStatusHttpController {
  constructor(private readonly sync: LegacySync) {}

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
