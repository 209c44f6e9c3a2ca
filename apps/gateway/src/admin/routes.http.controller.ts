import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProblemResponses,
  ApiTags,
} from './openapi.decorators';
import { ControlPlane } from '../control/control-plane';
import { Actor } from './auth/actor.decorator';
import { Access } from './auth/public.decorator';
import { ModeChangeResponseDto } from './dto/mode-change.response.dto';
import { RollbackRequestDto } from './dto/rollback.request.dto';
import { RouteResponseDto } from './dto/route.response.dto';
import { SetModeRequestDto } from './dto/set-mode.request.dto';

@ApiTags('routes')
@ApiBearerAuth()
@Controller('admin/routes')
export class RoutesHttpController {
  constructor(@Inject(ControlPlane) private readonly control: ControlPlane) {}

  @Get()
  @Access('read')
  @ApiOperation({ summary: 'Every route with its live mode, weight and rollback target' })
  @ApiOkResponse({ type: RouteResponseDto, isArray: true })
  list(): RouteResponseDto[] {
    return this.control.list().map((state) => RouteResponseDto.from(state));
  }

  @Get(':name')
  @Access('read')
  @ApiOperation({ summary: 'One route' })
  @ApiOkResponse({ type: RouteResponseDto })
  @ApiProblemResponses(404)
  get(@Param('name') name: string): RouteResponseDto {
    return RouteResponseDto.from(this.control.get(name));
  }

  @Put(':name/mode')
  @ApiOperation({
    summary: 'Set the live mode (and canary weight)',
    description:
      'Applies to requests that start after the change; requests in flight finish where they started. A move forward is refused (409 FICUS_GATE_FAILED) while a declared gate does not hold, unless `force` is sent with a reason; a move back is never gated. Persisted and audited before it takes effect; reaches every replica within a poll interval.',
  })
  @ApiOkResponse({ type: ModeChangeResponseDto })
  @ApiProblemResponses(400, 401, 404, 409, 422, 503)
  async setMode(
    @Param('name') name: string,
    @Body() body: SetModeRequestDto,
    @Actor() actor: string,
  ): Promise<ModeChangeResponseDto> {
    const setting = {
      mode: body.mode,
      ...(body.weight === undefined ? {} : { weight: body.weight }),
      ...(body.force === undefined ? {} : { force: body.force }),
    };
    // A forced move has no default reason: the audit log must say why the gates were overridden.
    const reason = body.reason ?? (body.force ? '' : 'set through the admin API');
    const result = await this.control.setMode(name, setting, actor, reason);
    return ModeChangeResponseDto.from(result);
  }

  @Post(':name/abort')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Back to legacy in one step, from any mode',
    description: 'Never gated. The audit entry is an `abort`.',
  })
  @ApiOkResponse({ type: ModeChangeResponseDto })
  @ApiProblemResponses(400, 401, 404, 503)
  async abort(
    @Param('name') name: string,
    @Body() body: RollbackRequestDto | undefined,
    @Actor() actor: string,
  ): Promise<ModeChangeResponseDto> {
    const result = await this.control.abort(
      name,
      actor,
      body?.reason ?? 'aborted through the admin API',
    );
    return ModeChangeResponseDto.from(result);
  }

  @Post(':name/rollback')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Roll back to the previous safe mode',
    description:
      'Goes back to the mode before the last change when that is safer (closer to legacy), else to legacy.',
  })
  @ApiOkResponse({ type: ModeChangeResponseDto })
  @ApiProblemResponses(400, 401, 404, 409, 503)
  async rollback(
    @Param('name') name: string,
    @Body() body: RollbackRequestDto | undefined,
    @Actor() actor: string,
  ): Promise<ModeChangeResponseDto> {
    const result = await this.control.rollback(
      name,
      actor,
      body?.reason ?? 'rolled back through the admin API',
    );
    return ModeChangeResponseDto.from(result);
  }
}
