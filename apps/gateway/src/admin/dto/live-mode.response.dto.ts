import { ApiProperty } from '@nestjs/swagger';
import { ROUTE_MODES, type RouteMode } from '../../config/config.schema';
import type { LiveMode } from '../../control/rollback-target';

export class LiveModeResponseDto {
  @ApiProperty({ enum: ROUTE_MODES })
  mode!: RouteMode;

  @ApiProperty({ minimum: 0, maximum: 100 })
  weight!: number;

  static from(live: LiveMode | null): LiveModeResponseDto | null {
    return live && { mode: live.mode, weight: live.weight };
  }
}
