import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class AuditQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(200, { message: 'must be at most 200' })
  limit?: number;

  @ApiPropertyOptional({
    description: 'The `next` cursor of the previous page: older entries only.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be the whole-number cursor of a previous page' })
  @Min(1, { message: 'must be at least 1' })
  before?: number;

  @ApiPropertyOptional({ description: 'Only entries about this route.' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  route?: string;
}
