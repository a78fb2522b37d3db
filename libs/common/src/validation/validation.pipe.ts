import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidationFailedException } from '../errors/app.exception';
import { changesNothing, isPatchBody } from './patch-body';
import { findForbiddenText } from './text-rules';

/**
 * class-validator's pipe, then the rules it cannot express: text without control characters (a line feed
 * only in @MultiLine fields), and a PATCH body that changes something.
 */
class EventlyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dto: unknown = await super.transform(value, metadata);
    if (metadata.type === 'custom' || dto === null || typeof dto !== 'object') return dto;
    const forbidden = findForbiddenText(dto);
    if (Object.keys(forbidden).length > 0) {
      throw new ValidationFailedException(forbidden, 'Request contains characters that are not allowed');
    }
    if (metadata.type === 'body' && isPatchBody(metadata.metatype) && changesNothing(dto)) {
      throw new ValidationFailedException(
        { '(body)': ['must name at least one field to change'] },
        'Nothing to change',
      );
    }
    return dto;
  }
}

/** Whitelist, reject unknown fields, transform to DTO classes; failures become 400 VALIDATION_FAILED. */
export function createValidationPipe(): ValidationPipe {
  return new EventlyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedException(flattenValidationErrors(errors)),
  });
}

/** Maps nested class-validator errors to `{ "venue.name": ["..."] }`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) {
      fields[path || '(body)'] = Object.values(error.constraints);
    }
    if (error.children?.length) {
      Object.assign(fields, flattenValidationErrors(error.children, path));
    }
  }
  return fields;
}
