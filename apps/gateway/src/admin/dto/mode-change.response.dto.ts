import { ApiProperty } from '@nestjs/swagger';
import type { ModeResult } from '../../control/control-plane';
import { AuditEntryResponseDto } from './audit-entry.response.dto';
import { RouteResponseDto } from './route.response.dto';

export class ModeChangeResponseDto {
  @ApiProperty({ type: RouteResponseDto })
  route!: RouteResponseDto;

  @ApiProperty({
    type: AuditEntryResponseDto,
    nullable: true,
    description: 'The audit entry written; null when the route was already in that mode.',
  })
  audit!: AuditEntryResponseDto | null;

  static from(result: ModeResult): ModeChangeResponseDto {
    return {
      route: RouteResponseDto.from(result.route),
      audit: result.audit && AuditEntryResponseDto.from(result.audit),
    };
  }
}
