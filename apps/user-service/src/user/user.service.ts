import { AuthUser, Role } from '@evently/auth';
import { Page } from '@evently/common';
import { canonicalEmail, RoutingKeys } from '@evently/contracts';
import { OutboxService } from '@evently/messaging';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { SessionService } from '../auth/session.service';
import { PasswordHasher } from './password-hasher';
import { UserEntity } from './user.entity';
import { UserRepository } from './user.repository';
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
    private readonly users: UserRepository,
    private readonly outbox: OutboxService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
  ) {}

  /** Creates the account and its `user.registered` fact in one transaction. */
  async registerUser(input: NewUser): Promise<UserEntity> {
    const passwordHash = await this.hasher.hash(input.password);
    return this.dataSource.transaction(async (manager) => {
      const saved = await this.users.insert(manager, {
        id: randomUUID(),
        email: normaliseEmail(input.email),
        passwordHash,
        fullName: input.fullName,
        role: input.role,
      });
      if (!saved)
        throw new UserException(UserErrorCode.EmailTaken, 'An account with this email already exists');
      await this.publish(manager, RoutingKeys.UserRegistered, saved);
      return saved;
    });
  }

  /** The user whose email and password match, or INVALID_CREDENTIALS whichever part is wrong. */
  async verifyCredentials(email: string, password: string): Promise<UserEntity> {
    const user = await this.users.findByEmail(normaliseEmail(email));
    const valid = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !valid)
      throw new UserException(UserErrorCode.InvalidCredentials, 'Email or password is wrong');
    return user;
  }

  async getUser(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserEntity> {
    const user = await this.users.find(id, manager);
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
      const current = await this.users.findWithPasswordHash(id);
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
      await this.users.update(manager, id, {
        fullName: user.fullName,
        ...(newHash ? { passwordHash: newHash } : {}),
      });
      if (newHash) await this.sessions.endAll(manager, id, await this.users.nextTokenVersion(manager, id));
      if (nameChanged) await this.publish(manager, RoutingKeys.UserUpdated, user);
      return user;
    });
  }

  /** Admin: sets a role; every access token issued with the old one is revoked (refresh gets the new role). */
  async changeRole(id: string, role: Role, by?: AuthUser): Promise<UserEntity> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.getUser(id, manager);
      if (user.role === role) return user;
      if (by) {
        await this.outbox.audit(manager, by, {
          action: 'user.role_changed',
          targetType: 'user',
          targetId: id,
          changes: { role: { from: user.role, to: role } },
        });
      }
      await this.users.update(manager, id, { role });
      user.role = role;
      await this.sessions.revokeAccessTokens(manager, id, await this.users.nextTokenVersion(manager, id));
      await this.publish(manager, RoutingKeys.UserUpdated, user);
      return user;
    });
  }

  /** Admin: every user, oldest first, by keyset pages. */
  listUsers(limit: number, cursor?: string): Promise<Page<UserEntity>> {
    return this.users.page(limit, cursor);
  }

  /** Start-up: the configured first admin exists and is an admin (its password is left alone if it does). */
  async ensureAdmin(email: string, password: string): Promise<void> {
    const existing = await this.users.findByEmail(normaliseEmail(email));
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
