import { ArgumentMetadata } from '@nestjs/common';
import { IsInt, IsString, Min } from 'class-validator';
import { ValidationFailedException } from '../errors/app.exception';
import {
  Clearable,
  IsDateTimeWithOffset,
  isDateTimeWithOffset,
  IsUuid,
  NestedObject,
  Omittable,
  PatchOf,
} from './decorators';
import { createValidationPipe } from './validation.pipe';

class PlaceDto {
  @IsString()
  name!: string;
}

class ThingDto {
  @IsString()
  title!: string;

  @Clearable()
  @IsString()
  note?: string | null;

  @Omittable()
  @IsInt()
  @Min(1)
  count?: number;

  @NestedObject(() => PlaceDto)
  place!: PlaceDto;

  @Omittable()
  @IsDateTimeWithOffset()
  at?: string;

  @Omittable()
  @IsUuid()
  ownerId?: string;
}

class ThingPatchDto extends PatchOf(ThingDto) {}

const pipe = createValidationPipe();
const run = (body: unknown, metatype: ArgumentMetadata['metatype']) =>
  pipe.transform(body, { type: 'body', metatype });

async function refusedFields(body: unknown, metatype: ArgumentMetadata['metatype']): Promise<string[]> {
  try {
    await run(body, metatype);
  } catch (error) {
    if (error instanceof ValidationFailedException) return Object.keys(error.details?.fields as object);
    throw error;
  }
  return [];
}

describe('the null rule', () => {
  it('lets an omittable field be left out', async () => {
    expect(await refusedFields({ title: 'a', place: { name: 'b' } }, ThingDto)).toEqual([]);
  });

  it('refuses null on an omittable field', async () => {
    expect(await refusedFields({ title: 'a', place: { name: 'b' }, count: null }, ThingDto)).toEqual([
      'count',
    ]);
  });

  it('accepts null on a clearable field', async () => {
    expect(await refusedFields({ title: 'a', place: { name: 'b' }, note: null }, ThingDto)).toEqual([]);
  });

  it('keeps the rule in a PATCH body: every field may be left out, none may be null but the clearable', async () => {
    expect(await refusedFields({ count: 2 }, ThingPatchDto)).toEqual([]);
    // All of them left out changes nothing: refused as a whole.
    expect(await refusedFields({}, ThingPatchDto)).toEqual(['(body)']);
    expect(await refusedFields({ note: null }, ThingPatchDto)).toEqual([]);
    expect((await refusedFields({ title: null, place: null, count: null }, ThingPatchDto)).sort()).toEqual([
      'count',
      'place',
      'title',
    ]);
  });

  it('refuses an array where a nested object belongs', async () => {
    expect(await refusedFields({ title: 'a', place: [] }, ThingDto)).toEqual(['place']);
  });
});

describe('shared field rules', () => {
  it.each(['2027-03-01T19:30:00+01:00', '1970-01-01T00:00:00Z', '9999-12-31T22:00:00Z'])(
    'accepts %s',
    (value) => {
      expect(isDateTimeWithOffset(value)).toBe(true);
    },
  );

  it.each([
    '2027-03-01T19:30:00',
    '0000-01-01T00:00:00Z',
    '1969-12-31T23:59:59Z',
    '2027-02-30T10:00:00Z',
    5,
    null,
  ])('refuses %j as a date-time', (value) => {
    expect(isDateTimeWithOffset(value)).toBe(false);
  });

  it('lower-cases a UUID', async () => {
    const id = 'AB2E9C3E-5F1A-4B8C-9D0E-1F2A3B4C5D6E';
    const out = (await run({ title: 'a', place: { name: 'b' }, ownerId: id }, ThingDto)) as ThingDto;
    expect(out.ownerId).toBe(id.toLowerCase());
  });
});
