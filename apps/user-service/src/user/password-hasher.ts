import { InjectConfig, RetryLaterException } from '@evently/common';
import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import type { UserServiceConfig } from '../config/user-service.config';
import { ConcurrencyGate } from './concurrency-gate';

/**
 * argon2id, by default with the library's parameters (64 MiB, t=3, p=4; PASSWORD_HASH_MEMORY_KIB,
 * _TIME_COST, _PARALLELISM); a hash carries its parameters, so one made with others still verifies. Never
 * logs or returns the password. Hashing runs
 * on libuv's thread pool, which the PostgreSQL driver needs too (SCRAM): a burst of sign-ups must not take
 * every thread, so hashes pass a gate of PASSWORD_HASH_CONCURRENCY and a bounded queue.
 */
@Injectable()
export class PasswordHasher {
  private readonly gate: ConcurrencyGate;
  /** Verified when an email is unknown, so that a login answers in comparable time either way. */
  private readonly decoy: Promise<string>;
  private readonly options: {
    type: typeof argon2.argon2id;
    memoryCost: number;
    timeCost: number;
    parallelism: number;
  };

  constructor(@InjectConfig() config: UserServiceConfig) {
    this.gate = new ConcurrencyGate(config.PASSWORD_HASH_CONCURRENCY, config.PASSWORD_HASH_QUEUE);
    this.options = {
      type: argon2.argon2id,
      memoryCost: config.PASSWORD_HASH_MEMORY_KIB,
      timeCost: config.PASSWORD_HASH_TIME_COST,
      parallelism: config.PASSWORD_HASH_PARALLELISM,
    };
    this.decoy = this.gated(() => argon2.hash('decoy password that matches nothing', this.options));
  }

  hash(password: string): Promise<string> {
    return this.gated(() => argon2.hash(password, this.options));
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    if (hash === undefined) {
      const decoy = await this.decoy;
      await this.gated(() => argon2.verify(decoy, password));
      return false;
    }
    return this.gated(() => argon2.verify(hash, password));
  }

  private gated<T>(task: () => Promise<T>): Promise<T> {
    return this.gate.run(task, () => busy());
  }
}

const busy = () => new RetryLaterException('Too many sign-ins at once; retry shortly');
