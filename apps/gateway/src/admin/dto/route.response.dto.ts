import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROUTE_MODES, type RouteMode } from '../../config/config.schema';
import type { RouteState } from '../../control/control-plane';
import { LiveModeResponseDto } from './live-mode.response.dto';
import { RouteDefinitionResponseDto } from './route-definition.response.dto';

export class RouteResponseDto {
  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: ROUTE_MODES })
  mode!: RouteMode;

  @ApiProperty({ minimum: 0, maximum: 100, description: 'Canary share in percent.' })
  weight!: number;

  @ApiProperty({ type: RouteDefinitionResponseDto })
  definition!: RouteDefinitionResponseDto;

  @ApiPropertyOptional({
    type: LiveModeResponseDto,
    nullable: true,
    description: 'The mode before the last change; null before the first change.',
  })
  previous!: LiveModeResponseDto | null;

  @ApiPropertyOptional({
    type: LiveModeResponseDto,
    nullable: true,
    description: 'Where POST /rollback would take the route; null when it is in legacy mode.',
  })
  rollbackTo!: LiveModeResponseDto | null;

  static from(state: RouteState): RouteResponseDto {
    return {
      name: state.view.name,
      mode: state.view.mode,
      weight: state.view.weight,
      definition: RouteDefinitionResponseDto.from(state.view.config),
      previous: LiveModeResponseDto.from(state.previous),
      rollbackTo: LiveModeResponseDto.from(state.rollbackTo),
    };
  }
}
