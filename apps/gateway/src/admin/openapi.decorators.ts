import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

export { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';

const DESCRIPTIONS: Record<number, string> = {
  400: 'The body or query is invalid; `errors` names each field.',
  401: 'No, or wrong, credentials; or none are configured (FICUS_ADMIN_AUTH_NOT_CONFIGURED).',
  404: 'No such route.',
  409: 'Refused: a gate does not hold (FICUS_GATE_FAILED, `errors` lists each gate with its figure and threshold), or nothing to roll back to.',
  422: 'The route cannot be served in that mode (no target, no cohort key...).',
  503: 'The control database is unreachable; retry.',
};

/** Documents the RFC 9457 problem answers an endpoint can give. */
export function ApiProblemResponses(...statuses: number[]): MethodDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: `${DESCRIPTIONS[status] ?? ''} Body: application/problem+json with a stable \`code\`.`,
      }),
    ),
  );
}
