import type { OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_OPERATION } from '../http/public.decorator';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
});

/** Words of an operation id such as `BookingController_listMine`: "List mine". */
const summaryOf = (operationId: string): string => {
  const words = (operationId.split('_').pop() ?? operationId)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * What every operation of every service shares, stated once: the gateway as server, the bearer token as
 * the default security (`@Public()` operations: none), the error body, and the 4xx answers any operation
 * can give (400 invalid input, 401 without a valid token, 404 for an unknown id in the path, 429 over the
 * gateway's rate limit). Operations without a doc comment get a summary from their name; a comment's first
 * paragraph is the summary, the rest the description.
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  document.servers = document.servers?.length ? document.servers : [{ url: '/', description: 'The gateway' }];
  document.security = [{ bearer: [] }];
  document.components = document.components ?? {};
  document.components.schemas = {
    ...document.components.schemas,
    ErrorBody: {
      type: 'object',
      required: ['statusCode', 'code', 'message', 'requestId'],
      properties: {
        statusCode: { type: 'integer', example: 409 },
        code: { type: 'string', example: 'SOLD_OUT', description: 'Stable UPPER_SNAKE identifier' },
        message: { type: 'string' },
        details: { type: 'object', additionalProperties: true },
        requestId: { type: 'string' },
      },
    },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const extended = operation as typeof operation & Record<string, unknown>;
      const isPublic = extended[PUBLIC_OPERATION] === true;
      delete extended[PUBLIC_OPERATION];
      if (isPublic) operation.security = [];
      else if (!operation.security) operation.security = [{ bearer: [] }];
      if (!operation.summary) operation.summary = summaryOf(operation.operationId ?? `${method} ${path}`);
      // A doc comment's first paragraph is the summary, the rest the description.
      const [summary, ...rest] = operation.summary.split(/\n\s*\n/);
      operation.summary = summary.replace(/\s*\n\s*/g, ' ').trim();
      if (rest.length > 0 && !operation.description) operation.description = rest.join('\n\n');
      const responses = operation.responses;
      responses['400'] ??= errorResponse('Invalid input (VALIDATION_FAILED and the like), details per field');
      if (!isPublic) responses['401'] ??= errorResponse('Missing, invalid or expired access token');
      if (path.includes('{'))
        responses['404'] ??= errorResponse('No such resource (or not visible to the caller)');
      responses['429'] ??= errorResponse('Over the rate limit (RATE_LIMITED, with Retry-After)');
    }
  }
  return document;
}
