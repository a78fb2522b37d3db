import type { UserServiceConfig } from '../config/user-service.config';
import { userServiceConfigSchema } from '../config/user-service.config';
import { PasswordHasher } from './password-hasher';

const configWith = (cost: Partial<UserServiceConfig>) =>
  ({
    PASSWORD_HASH_CONCURRENCY: 2,
    PASSWORD_HASH_QUEUE: 8,
    PASSWORD_HASH_MEMORY_KIB: 65536,
    PASSWORD_HASH_TIME_COST: 3,
    PASSWORD_HASH_PARALLELISM: 4,
    ...cost,
  }) as UserServiceConfig;

describe('PasswordHasher', () => {
  it('hashes with the configured argon2id cost, and verifies a hash made with another', async () => {
    const light = new PasswordHasher(
      configWith({
        PASSWORD_HASH_MEMORY_KIB: 19456,
        PASSWORD_HASH_TIME_COST: 2,
        PASSWORD_HASH_PARALLELISM: 1,
      }),
    );
    const hash = await light.hash('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    const usual = new PasswordHasher(configWith({}));
    const strong = await usual.hash('correct horse battery staple');
    expect(strong).toMatch(/^\$argon2id\$v=19\$m=65536,p=4,t=3\$/);
    // A stored hash carries its cost: either hasher verifies either hash.
    expect(await light.verify(strong, 'correct horse battery staple')).toBe(true);
    expect(await usual.verify(hash, 'correct horse battery staple')).toBe(true);
    expect(await usual.verify(hash, 'wrong')).toBe(false);
    expect(await light.verify(undefined, 'anything')).toBe(false);
  });

  it("refuses a cost below OWASP's minimum for argon2id", () => {
    const shape = userServiceConfigSchema.shape;
    expect(shape.PASSWORD_HASH_MEMORY_KIB.safeParse('19455').success).toBe(false);
    expect(shape.PASSWORD_HASH_TIME_COST.safeParse('1').success).toBe(false);
    expect(shape.PASSWORD_HASH_MEMORY_KIB.safeParse(undefined).data).toBe(65536);
  });
});
