import { Role } from '@evently/auth';
import { keysetPage, Page } from '@evently/common';
import { canonicalEmail, RoutingKeys } from '@evently/contracts';
import { OutboxService } from '@evently/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { SessionService } from '../session/session.service';
import { PasswordHasher } from './password-hasher';
import { UserEntity } from './user.entity';
import { UserErrorCode, UserException } from './user.exception';

export interface NewUser {
  email: string;
  password: string;
  fullName: string;
  role: Role;
}

/** The stored form of an address: canonical by the platform's one rule (lower case, ASCII domain). */
export const normaliseEmail = (email: string): string => canonicalEmail(email) ?? email.trim().toLowerCase();

@Injectable()
export class UserService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
  ) {}

  /** Creates the account and its `user.registered` fact in one transaction. */
  async registerUser(input: NewUser): Promise<UserEntity> {
    const passwordHash = await this.hasher.hash(input.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const user = manager.create(UserEntity, {
          id: randomUUID(),
          email: normaliseEmail(input.email),
          passwordHash,
          fullName: input.fullName,
          role: input.role,
        });
        await manager.insert(UserEntity, user);
        const saved = await manager.findOneByOrFail(UserEntity, { id: user.id });
        await this.publish(manager, RoutingKeys.UserRegistered, saved);
        return saved;
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        throw new UserException(UserErrorCode.EmailTaken, 'An account with this email already exists');
      }
      throw error;
    }
  }

  /** The user whose email and password match, or INVALID_CREDENTIALS whichever part is wrong. */
  async verifyCredentials(email: string, password: string): Promise<UserEntity> {
    const user = await this.findByEmail(email);
    const valid = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !valid)
      throw new UserException(UserErrorCode.InvalidCredentials, 'Email or password is wrong');
    return user;
  }

  async getUser(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserEntity> {
    const user = await manager.findOneBy(UserEntity, { id });
    if (!user) throw new UserException(UserErrorCode.UserNotFound, 'No such user');
    return user;
  }

  /**
   * Changes the caller's name and/or password. A password change needs the current password and
   * signs out every session (all refresh tokens revoked).
   */
  async updateProfile(
    id: string,
    change: { fullName?: string; currentPassword?: string; newPassword?: string },
  ): Promise<UserEntity> {
    let newHash: string | undefined;
    if (change.newPassword !== undefined) {
      if (change.currentPassword === undefined) {
        throw new UserException(
          UserErrorCode.CurrentPasswordRequired,
          'currentPassword is required to change the password',
        );
      }
      const current = await this.withPasswordHash().where('user.id = :id', { id }).getOne();
      // A valid token can outlive its account (or be signed for an id that never had one): 404, not a crash.
      if (!current) throw new UserException(UserErrorCode.UserNotFound, 'No such user');
      if (!(await this.hasher.verify(current.passwordHash, change.currentPassword))) {
        throw new UserException(UserErrorCode.CurrentPasswordInvalid, 'The current password is wrong');
      }
      newHash = await this.hasher.hash(change.newPassword);
    }
    return this.dataSource.transaction(async (manager) => {
      const user = await this.getUser(id, manager);
      const nameChanged = change.fullName !== undefined && change.fullName !== user.fullName;
      if (nameChanged) user.fullName = change.fullName!;
      await manager.update(
        UserEntity,
        { id },
        { fullName: user.fullName, ...(newHash ? { passwordHash: newHash } : {}) },
      );
      if (newHash) {
        await manager.query(
          `UPDATE refresh_tokens SET revoked_at = clock_timestamp() WHERE user_id = $1 AND revoked_at IS NULL`,
          [id],
        );
        await this.sessions.revokeAll(manager, id, 'password-changed');
      }
      if (nameChanged) await this.publish(manager, RoutingKeys.UserUpdated, user);
      return user;
    });
  }

  /** Admin: sets a role; every access token issued with the old one is revoked (refresh gets the new role). */
  async changeRole(id: string, role: Role): Promise<UserEntity> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.getUser(id, manager);
      if (user.role === role) return user;
      await manager.update(UserEntity, { id }, { role });
      user.role = role;
      await this.sessions.revokeAll(manager, id, 'role-changed');
      await this.publish(manager, RoutingKeys.UserUpdated, user);
      return user;
    });
  }

  /** Admin: every user, oldest first, by keyset pages. */
  async listUsers(limit: number, cursor?: string): Promise<Page<UserEntity>> {
    return keysetPage(this.dataSource.getRepository(UserEntity).createQueryBuilder('user'), {
      time: 'createdAt',
      direction: 'ASC',
      limit,
      cursor,
    });
  }

  /** Start-up: the configured first admin exists and is an admin (its password is left alone if it does). */
  async ensureAdmin(email: string, password: string): Promise<void> {
    const existing = await this.findByEmail(email);
    if (existing) {
      if (existing.role !== Role.Admin) await this.changeRole(existing.id, Role.Admin);
      return;
    }
    try {
      await this.registerUser({ email, password, fullName: 'Administrator', role: Role.Admin });
    } catch (error) {
      // Another instance created it at the same moment.
      if (!(error instanceof UserException && error.code === String(UserErrorCode.EmailTaken))) throw error;
    }
  }

  /** Emails are unique by lower(email) (the index), whatever case the caller typed. */
  private findByEmail(email: string): Promise<UserEntity | null> {
    return this.withPasswordHash()
      .where('lower(user.email) = :email', { email: normaliseEmail(email) })
      .getOne();
  }

  private withPasswordHash() {
    return this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash');
  }

  private publish(
    manager: EntityManager,
    key: typeof RoutingKeys.UserRegistered | typeof RoutingKeys.UserUpdated,
    user: UserEntity,
  ) {
    return this.outbox.add(manager, key, {
      userId: user.id,
      email: user.email,
      fullName: user.fullName,
      role: user.role,
    });
  }
}
