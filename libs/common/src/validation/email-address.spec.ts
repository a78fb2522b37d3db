import { canonicalEmail, CONTRACTS } from '@evently/contracts';
import fc from 'fast-check';
import { z } from 'zod';
import { ValidationFailedException } from '../errors/app.exception';
import { IsEmailAddress } from './decorators';
import { createValidationPipe } from './validation.pipe';

class AddressDto {
  @IsEmailAddress()
  email!: string;
}

const pipe = createValidationPipe();

/** What the HTTP layer makes of `email`: the canonical address, or undefined when it answers 400. */
async function acceptedOverHttp(email: unknown): Promise<string | undefined> {
  try {
    const dto = (await pipe.transform({ email }, { type: 'body', metatype: AddressDto })) as AddressDto;
    return dto.email;
  } catch (error) {
    if (error instanceof ValidationFailedException) return undefined;
    throw error;
  }
}

/** The email field of every contract that carries one: a new contract with an address is covered too. */
const emailSchemas = CONTRACTS.flatMap((contract) => {
  const shape = (contract.schema as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
  return shape.email ? [{ name: contract.routingKey, schema: shape.email }] : [];
});

const PROBED = [
  'straße-x@x.test',
  'alıce@x.test',
  'ALİCE@x.test',
  'ﬀoo@x.test',
  'x@bücher.test',
  'Ann.Lee+tag@Example.COM',
  'x@xn--bcher-kva.test',
];

const unicodeText = fc.string({ unit: 'grapheme', maxLength: 12 });
const asciiText = fc.string({ unit: 'grapheme-ascii', maxLength: 12 });
const addressLike = fc.oneof(
  fc.emailAddress(),
  fc.constantFrom(...PROBED),
  fc
    .tuple(fc.oneof(unicodeText, asciiText), fc.oneof(unicodeText, asciiText, fc.domain()))
    .map(([l, d]) => `${l}@${d}`),
  fc.tuple(fc.emailAddress(), unicodeText).map(([e, u]) => e.replace('@', `${u}@`)),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

describe('canonicalEmail (the one email rule of HTTP fields and message contracts)', () => {
  it('keeps an ASCII address, in lower case', () => {
    expect(canonicalEmail(' Ann.Lee+tag@Example.COM ')).toBe('ann.lee+tag@example.com');
  });

  it('stores an internationalised domain in its ASCII (punycode) form', () => {
    expect(canonicalEmail('x@bücher.test')).toBe('x@xn--bcher-kva.test');
  });

  it.each(['straße-x@x.test', 'alıce@x.test', 'ALİCE@x.test', 'ﬀoo@x.test'])(
    'refuses the non-ASCII local part of %s',
    (address) => {
      expect(canonicalEmail(address)).toBeUndefined();
    },
  );

  it.each([
    'x@localhost',
    'x@1.2.3.4',
    'x@[127.0.0.1]',
    'x@example.com.',
    '.x@example.com',
    'x..y@example.com',
    '@x.test',
    'x@',
    `${'a'.repeat(65)}@x.test`,
  ])('refuses %s', (address) => {
    expect(canonicalEmail(address)).toBeUndefined();
  });

  it.each(PROBED)('answers %s over HTTP exactly as the rule does', async (address) => {
    expect(await acceptedOverHttp(address)).toBe(canonicalEmail(address));
  });

  it('finds the contracts that carry an address', () => {
    expect(emailSchemas.map((s) => s.name).sort()).toEqual(
      ['invitation.responded', 'invitation.sent', 'user.registered', 'user.updated'].sort(),
    );
  });

  it('accepts in every contract any address the HTTP layer accepts (property)', async () => {
    await fc.assert(
      fc.asyncProperty(addressLike, async (candidate) => {
        const accepted = await acceptedOverHttp(candidate);
        if (accepted === undefined) return true;
        return emailSchemas.every(({ schema }) => schema.safeParse(accepted).success);
      }),
      { numRuns: 3000, seed: 20261204 },
    );
  });
});
