import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { ValidationFailedException } from '../errors/app.exception';
import { createValidationPipe } from './validation.pipe';

class VenueDto {
  @IsString()
  name!: string;

  @IsString()
  city!: string;
}

class CreateDto {
  @IsString()
  title!: string;

  @IsInt()
  @Min(1)
  capacity!: number;

  @ValidateNested()
  @Type(() => VenueDto)
  venue!: VenueDto;
}

const metadata: ArgumentMetadata = { type: 'body', metatype: CreateDto };

async function failureOf(body: unknown): Promise<ValidationFailedException> {
  try {
    await createValidationPipe().transform(body, metadata);
  } catch (error) {
    if (error instanceof ValidationFailedException) return error;
    throw error;
  }
  throw new Error('expected a validation failure');
}

describe('createValidationPipe', () => {
  it('names each bad field, nested ones by path', async () => {
    const error = await failureOf({ title: 5, capacity: 0, venue: { name: 'Hall' } });
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(error.details?.fields as object).sort()).toEqual(['capacity', 'title', 'venue.city']);
  });

  it('rejects unknown fields, also inside nested objects', async () => {
    const error = await failureOf({
      title: 'ok',
      capacity: 1,
      venue: { name: 'a', city: 'b', extra: 1 },
      admin: true,
    });
    const fields = error.details?.fields as Record<string, string[]>;
    expect(fields.admin[0]).toMatch(/should not exist/);
    expect(fields['venue.extra'][0]).toMatch(/should not exist/);
  });

  it('returns an instance of the DTO class when valid', async () => {
    const value = (await createValidationPipe().transform(
      { title: 'ok', capacity: 2, venue: { name: 'a', city: 'b' } },
      metadata,
    )) as unknown;
    expect(value).toBeInstanceOf(CreateDto);
  });
});
