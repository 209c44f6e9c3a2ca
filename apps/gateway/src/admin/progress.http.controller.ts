import { Controller, Get, Inject } from '@nestjs/common';
import { ProgressView } from '../progress/progress-view';
import { Access } from './auth/public.decorator';
import { ProgressResponseDto } from './dto/progress.response.dto';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from './openapi.decorators';

@ApiTags('routes')
@ApiBearerAuth()
@Controller('admin/progress')
export class ProgressHttpController {
  constructor(@Inject(ProgressView) private readonly progress: ProgressView) {}

  @Get()
  @Access('read')
  @ApiOperation({
    summary:
      'Strangling progress per endpoint: requests, last hit and who served them (legacy or new), the share on new code per route and overall',
    description:
      'Endpoints are templates learned from traffic: ids collapsed to :id, query strings dropped, capped in number. Kept in the control database when there is one (every replica, across restarts), else since this gateway started.',
  })
  @ApiOkResponse({ type: ProgressResponseDto })
  async report(): Promise<ProgressResponseDto> {
    return ProgressResponseDto.from(await this.progress.report());
  }
}
