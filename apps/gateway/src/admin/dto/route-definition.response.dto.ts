import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  HTTP_METHODS,
  ROUTE_MODES,
  type RouteConfig,
  type RouteMode,
} from '../../config/config.schema';

/** A route's definition as the API shows it: matching, target and live mode, nothing else. */
export class RouteDefinitionResponseDto {
  @ApiProperty()
  name!: string;

  @ApiPropertyOptional({ enum: HTTP_METHODS, isArray: true })
  methods?: string[];

  @ApiProperty({ example: '/api/patients/:id' })
  path!: string;

  @ApiPropertyOptional()
  host?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  headers?: Record<string, string>;

  @ApiPropertyOptional()
  group?: string;

  @ApiPropertyOptional({ description: 'The upstream that serves the route once carved out.' })
  target?: string;

  @ApiProperty({ enum: ROUTE_MODES })
  mode!: RouteMode;

  @ApiProperty({ minimum: 0, maximum: 100 })
  weight!: number;

  static from(route: RouteConfig): RouteDefinitionResponseDto {
    return {
      name: route.name,
      ...(route.methods ? { methods: [...route.methods] } : {}),
      path: route.path,
      ...(route.host === undefined ? {} : { host: route.host }),
      ...(route.headers ? { headers: { ...route.headers } } : {}),
      ...(route.group === undefined ? {} : { group: route.group }),
      ...(route.target === undefined ? {} : { target: route.target }),
      mode: route.mode,
      weight: route.weight,
    };
  }
}
