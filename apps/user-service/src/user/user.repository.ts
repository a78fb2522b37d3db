import { keysetPage, Page } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { UserEntity } from './user.entity';

/** The only reader and writer of `users`. */
@Injectable()
export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the account and returns it as stored (defaults filled in); null when the email is taken. */
  async insert(
    manager: EntityManager,
    user: Omit<UserEntity, 'createdAt' | 'updatedAt' | 'tokenVersion'>,
  ): Promise<UserEntity | null> {
    try {
      await manager.insert(UserEntity, manager.create(UserEntity, user));
    } catch (error) {
      // users_email_key: the unique index on lower(email).
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        return null;
      }
      throw error;
    }
    return manager.findOneByOrFail(UserEntity, { id: user.id });
  }

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserEntity | null> {
    return manager.findOneBy(UserEntity, { id });
  }

  /** The account with its password hash (which no other read selects). */
  findWithPasswordHash(id: string): Promise<UserEntity | null> {
    return this.withPasswordHash().where('user.id = :id', { id }).getOne();
  }

  /** By email, stored canonical: unique by lower(email) (the index). With the password hash. */
  findByEmail(email: string): Promise<UserEntity | null> {
    return this.withPasswordHash().where('lower(user.email) = :email', { email }).getOne();
  }

  async update(
    manager: EntityManager,
    id: string,
    change: Partial<Pick<UserEntity, 'fullName' | 'passwordHash' | 'role'>>,
  ): Promise<void> {
    await manager.update(UserEntity, { id }, change);
  }

  /** Raises the user's token version and returns the new one: every access token below it is revoked. */
  async nextTokenVersion(manager: EntityManager, id: string): Promise<number> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [[row]] = await manager.query<[{ token_version: number }[], number]>(
      `UPDATE users SET token_version = token_version + 1 WHERE id = $1 RETURNING token_version`,
      [id],
    );
    if (!row) throw new Error(`No user ${id} to revoke the tokens of`);
    return row.token_version;
  }

  /** Oldest first, by keyset pages. */
  page(limit: number, cursor?: string): Promise<Page<UserEntity>> {
    return keysetPage(this.dataSource.getRepository(UserEntity).createQueryBuilder('user'), {
      time: 'createdAt',
      direction: 'ASC',
      limit,
      cursor,
    });
  }

  private withPasswordHash() {
    return this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash');
  }
}
