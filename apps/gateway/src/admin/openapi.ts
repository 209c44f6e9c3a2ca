import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const OPENAPI_JSON_PATH = 'admin/openapi.json';
export const SWAGGER_UI_PATH = 'admin/docs';

/** The admin API's OpenAPI 3 document, built from the controllers and DTOs, and Swagger UI over it. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Ficus gateway admin API')
    .setDescription(
      'Per-route traffic shifting (legacy, shadow, canary, new, retired), rollback, shadow parity and the audit log. ' +
        'Authenticate with "Authorization: Bearer <admin token or OIDC access token>". Errors are RFC 9457 problem documents with a stable `code`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(SWAGGER_UI_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: 'admin/openapi.yaml',
  });
}
