import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { completeDocument } from './complete-document';

export const OPENAPI_PATH = 'openapi.json';

/** Serves the service's OpenAPI document at /openapi.json; the gateway's Swagger UI reads all four. */
export function setupOpenApi(app: INestApplication, serviceName: string, description: string): void {
  const config = new DocumentBuilder()
    .setTitle(`Evently ${serviceName}`)
    .setDescription(description)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const document = completeDocument(SwaggerModule.createDocument(app, config));
  const http = app.getHttpAdapter();
  http.get(`/${OPENAPI_PATH}`, (_req: unknown, res: unknown) => {
    http.reply(res, document, 200);
  });
}
