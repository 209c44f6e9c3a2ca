import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Access } from './auth/public.decorator';
import { DASHBOARD_CSP, DASHBOARD_HTML } from './dashboard/dashboard.page';

/** The page itself holds no data: it calls the admin API with the token the user pastes. */
@ApiExcludeController()
@Controller('admin/dashboard')
export class DashboardHttpController {
  @Get()
  @Access('public')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', DASHBOARD_CSP)
  @Header('x-content-type-options', 'nosniff')
  @Header('referrer-policy', 'no-referrer')
  @Header('cache-control', 'no-store')
  page(): string {
    return DASHBOARD_HTML;
  }
}
