import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class RollbackRequestDto {
  @ApiPropertyOptional({
    maxLength: 500,
    description: 'Why: kept in the audit log. Never put patient data here.',
  })
  @IsOptional()
  @IsString({ message: 'must be a string' })
  @MaxLength(500, { message: 'must be at most 500 characters' })
  reason?: string;
}
