// The public operations of every service, read from the OpenAPI documents the gateway serves, so that a
// spec driving "every endpoint" covers a new endpoint without new code.
import { gatewayRequest } from './gateway-client';
import { SERVICE_NAMES } from './stack';

export interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  allOf?: SchemaObject[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: SchemaObject;
}

export interface Operation {
  service: string;
  method: string;
  /** With `{name}` placeholders, e.g. /api/v1/events/{id}/publish. */
  path: string;
  parameters: Parameter[];
  body?: SchemaObject;
  secured: boolean;
  /** Resolves `$ref`s against the operation's own document. */
  resolve(schema: SchemaObject): SchemaObject;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: unknown; security?: unknown[] }>
  >;
  components?: { schemas?: Record<string, SchemaObject> };
}

export async function loadOperations(): Promise<Operation[]> {
  const operations: Operation[] = [];
  for (const service of SERVICE_NAMES) {
    const res = await gatewayRequest(`/docs/specs/${service}.json`);
    if (res.status !== 200) throw new Error(`no OpenAPI document for ${service}: ${res.status}`);
    const document = res.json() as OpenApiDocument;
    const resolve = (schema: SchemaObject): SchemaObject => {
      if (schema.$ref) {
        const name = schema.$ref.replace('#/components/schemas/', '');
        const target = document.components?.schemas?.[name];
        if (!target) throw new Error(`${service}: unresolved ${schema.$ref}`);
        return resolve(target);
      }
      if (schema.allOf?.length === 1) return { ...resolve(schema.allOf[0]), nullable: schema.nullable };
      return schema;
    };
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const body = (operation.requestBody as { content?: Record<string, { schema?: SchemaObject }> })
          ?.content?.['application/json']?.schema;
        operations.push({
          service,
          method: method.toUpperCase(),
          path,
          parameters: operation.parameters ?? [],
          body,
          secured: (operation.security ?? []).length > 0,
          resolve,
        });
      }
    }
  }
  return operations;
}
