import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ROUTE_MODES, type RouteMode } from '../../config/config.schema';

export class SetModeRequestDto {
  @ApiProperty({ enum: ROUTE_MODES, example: 'canary' })
  @IsIn(ROUTE_MODES, { message: `must be one of ${ROUTE_MODES.join(', ')}` })
  mode!: RouteMode;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 100,
    example: 10,
    description: 'Canary share of cohorts, in percent; kept as it is when omitted.',
  })
  @IsOptional()
  @IsInt({ message: 'must be a whole number of percent' })
  @Min(0, { message: 'must be at least 0' })
  @Max(100, { message: 'must be at most 100' })
  weight?: number;

  @ApiPropertyOptional({
    maxLength: 500,
    description: 'Why: kept in the audit log. Never put patient data here.',
  })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @MaxLength(500, { message: 'must be at most 500 characters' })
  reason?: string;

  @ApiPropertyOptional({
    description:
      'Move forward although the gates do not hold. Needs a reason; audited as `forced`, with the gates it went past.',
  })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  force?: boolean;
}
