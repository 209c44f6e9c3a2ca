import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AdminRequest } from './admin-auth.guard';

/** The authenticated caller of a mutating endpoint: the audit actor. */
export const Actor = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const actor = context.switchToHttp().getRequest<AdminRequest>().ficusActor;
  if (actor === undefined)
    throw new Error('@Actor() used on an endpoint the auth guard lets through unauthenticated');
  return actor;
});
