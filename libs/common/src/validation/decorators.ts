import { applyDecorators, Type as NestType } from '@nestjs/common';
// eslint-disable-next-line no-restricted-imports -- PatchOf below is the PartialType that keeps the null rule
import { PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
// eslint-disable-next-line no-restricted-imports -- the one place that may use IsOptional: Clearable below
import { IsObject, IsOptional, IsUUID, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { EMAIL_ADDRESS_RULE, isEmailAddress, isoDateTime } from '@evently/contracts';
import { PatchBody } from './patch-body';
import { inheritTextKinds } from './text-rules';
import { toCanonicalEmail } from './transforms';

/*
 * The null rule of api-v1: a field may be left out when it is optional, but an explicit `null` is 400
 * VALIDATION_FAILED unless the field is documented as clearable (nullable in OpenAPI), where it clears the
 * value. class-validator's IsOptional lets null through to code that only checks `!== undefined`, so DTOs use
 * these two instead (a lint rule forbids IsOptional elsewhere).
 */

/** May be left out; when present (null included) it must pass the field's validators. */
export const Omittable = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/** May be left out or null; null clears the stored value. Document it with `nullable: true`. */
export const Clearable = (): PropertyDecorator => IsOptional();

const MIN_YEAR = 1970;
const MAX_YEAR = 9999;

/** True for an ISO 8601 date-time with an offset, between 1970 and 9999 once converted to UTC. */
export function isDateTimeWithOffset(value: unknown): value is string {
  if (typeof value !== 'string' || !isoDateTime.safeParse(value).success) return false;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return false;
  const year = new Date(time).getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

/** An ISO 8601 date-time that names its offset (`Z` or `+01:00`): a bare local time is ambiguous. */
export const IsDateTimeWithOffset = (): PropertyDecorator =>
  ValidateBy({
    name: 'isDateTimeWithOffset',
    validator: {
      validate: isDateTimeWithOffset,
      defaultMessage: (args) =>
        `${args?.property ?? 'value'} must be an ISO 8601 date-time with an offset between the years ${MIN_YEAR} and ${MAX_YEAR}, e.g. 2027-03-01T19:30:00+01:00`,
    },
  });

/** One nested object (an array or a scalar in its place is refused, not iterated). */
export const NestedObject = (type: () => new () => object): PropertyDecorator =>
  applyDecorators(IsObject(), ValidateNested(), Type(type));

/** A UUID, stored and compared in lower case (ids are case-insensitive in text, not in the database). */
export const IsUuid = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value)),
    IsUUID(),
  );

/**
 * Every field of `dto` omittable, for PATCH bodies; null stays subject to the field's validators (the
 * mapped-types default would let null skip them).
 */
export function PatchOf<T>(dto: NestType<T>) {
  const patch = PartialType(dto, { skipNullProperties: false });
  inheritTextKinds(dto, patch);
  PatchBody()(patch);
  return patch;
}

/**
 * An email address by Evently's one rule (`canonicalEmail` of @evently/contracts, which every contract
 * carrying an address uses too), turned into its canonical form: lower case, the domain in ASCII.
 */
export const IsEmailAddress = (): PropertyDecorator =>
  applyDecorators(
    Transform(toCanonicalEmail),
    ValidateBy({
      name: 'isEmailAddress',
      validator: {
        validate: isEmailAddress,
        defaultMessage: (args) => `${args?.property ?? 'value'} ${EMAIL_ADDRESS_RULE}`,
      },
    }),
  );
