import { ParseUUIDPipe } from '@nestjs/common';
import { ValidationFailedException } from '../errors/app.exception';

/**
 * `@Param('id', uuidParam())`: a malformed id is 400 VALIDATION_FAILED naming the parameter; a valid one is
 * lower-cased, so a caller typing it in upper case reaches the same row and every fact carries one spelling.
 */
export const uuidParam = (name = 'id'): ParseUUIDPipe => new LowerCaseUuidPipe(name);

class LowerCaseUuidPipe extends ParseUUIDPipe {
  constructor(name: string) {
    super({ exceptionFactory: () => new ValidationFailedException({ [name]: [`${name} must be a UUID`] }) });
  }

  override async transform(
    value: string,
    metadata: Parameters<ParseUUIDPipe['transform']>[1],
  ): Promise<string> {
    return (await super.transform(value, metadata)).toLowerCase();
  }
}
