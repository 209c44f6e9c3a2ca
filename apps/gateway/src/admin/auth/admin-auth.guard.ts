import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ADMIN_SETTINGS, type AdminSettings } from '../admin.tokens';
import { ACCESS_KEY, type Access } from './public.decorator';
import { AdminAuthenticator } from './admin-authenticator';

/** The authenticated caller, set on the request for @Actor(). */
export interface AdminRequest extends Request {
  ficusActor?: string;
}

@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AdminAuthenticator,
    @Inject(ADMIN_SETTINGS) private readonly settings: AdminSettings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (access === 'public') return true;
    if (access === 'metrics' && !this.settings.metricsAuth) return true;
    if (access === 'read' && !this.auth.configured) return true;
    const req = context.switchToHttp().getRequest<AdminRequest>();
    req.ficusActor = await this.auth.actor(req.headers.authorization);
    return true;
  }
}
