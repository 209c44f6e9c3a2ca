import { ApiProperty } from '@nestjs/swagger';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from '../../control/control-store.port';
import { RouteDefinitionResponseDto } from './route-definition.response.dto';

export class AuditEntryResponseDto {
  @ApiProperty()
  id!: number;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({
    description:
      'Who: the OIDC subject, "admin-token", "auto-rollback", or "config-file" for seeding.',
  })
  actor!: string;

  @ApiProperty()
  route!: string;

  @ApiProperty({ enum: AUDIT_ACTIONS })
  action!: AuditAction;

  @ApiProperty({ type: RouteDefinitionResponseDto, nullable: true })
  before!: RouteDefinitionResponseDto | null;

  @ApiProperty({ type: RouteDefinitionResponseDto, nullable: true })
  after!: RouteDefinitionResponseDto | null;

  @ApiProperty()
  reason!: string;

  static from(entry: AuditEntry): AuditEntryResponseDto {
    return {
      id: entry.id,
      at: entry.at.toISOString(),
      actor: entry.actor,
      route: entry.route,
      action: entry.action,
      before: entry.before && RouteDefinitionResponseDto.from(entry.before),
      after: entry.after && RouteDefinitionResponseDto.from(entry.after),
      reason: entry.reason,
    };
  }
}

export class AuditPageResponseDto {
  @ApiProperty({ type: AuditEntryResponseDto, isArray: true, description: 'Newest first.' })
  entries!: AuditEntryResponseDto[];

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Pass as ?before= for the next, older page; null on the last page.',
  })
  next!: number | null;
}
