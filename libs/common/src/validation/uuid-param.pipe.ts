import { ParseUUIDPipe } from '@nestjs/common';
import { ValidationFailedException } from '../errors/app.exception';

/** `@Param('id', uuidParam())`: a malformed id is 400 VALIDATION_FAILED naming the parameter. */
export const uuidParam = (name = 'id'): ParseUUIDPipe =>
  new ParseUUIDPipe({
    exceptionFactory: () => new ValidationFailedException({ [name]: [`${name} must be a UUID`] }),
  });
