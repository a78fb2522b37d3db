import { keysetPage, Page } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationEntity } from './notification.entity';
import { Message, NotificationType } from './templates';

/** The only reader and writer of `notifications`. */
@Injectable()
export class NotificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One notification of `cause` for each of `userIds` who has none yet ((user_id, cause) is unique, so a
   * redelivery, a retry or a second instance inserts nothing the second time). Returns the new ones.
   */
  async insertOncePerCause(
    manager: EntityManager,
    userIds: string[],
    notice: { type: NotificationType; cause: string; message: Message; data: Record<string, unknown> },
  ): Promise<{ id: string; userId: string }[]> {
    if (userIds.length === 0) return [];
    const rows = await manager.query<{ id: string; user_id: string }[]>(
      `INSERT INTO notifications (id, user_id, type, cause, title, body, data)
       SELECT gen_random_uuid(), u, $2, $3, $4, $5, $6 FROM unnest($1::uuid[]) AS u
       ON CONFLICT (user_id, cause) DO NOTHING
       RETURNING id, user_id`,
      [userIds, notice.type, notice.cause, notice.message.title, notice.message.body, notice.data],
    );
    return rows.map((r) => ({ id: r.id, userId: r.user_id }));
  }

  /** Like `insertOncePerCause`, with a title and body per recipient. */
  async insertEachOncePerCause(
    manager: EntityManager,
    recipients: { userId: string; message: Message }[],
    notice: { type: NotificationType; cause: string; data: Record<string, unknown> },
  ): Promise<{ id: string; userId: string }[]> {
    if (recipients.length === 0) return [];
    const rows = await manager.query<{ id: string; user_id: string }[]>(
      `INSERT INTO notifications (id, user_id, type, cause, title, body, data)
       SELECT gen_random_uuid(), r.user_id, $4, $5, r.title, r.body, $6
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS r(user_id, title, body)
       ON CONFLICT (user_id, cause) DO NOTHING
       RETURNING id, user_id`,
      [
        recipients.map((r) => r.userId),
        recipients.map((r) => r.message.title),
        recipients.map((r) => r.message.body),
        notice.type,
        notice.cause,
        notice.data,
      ],
    );
    return rows.map((r) => ({ id: r.id, userId: r.user_id }));
  }

  /** A user's notifications, newest first; `unread` keeps only those not yet read. */
  page(
    userId: string,
    query: { limit: number; cursor?: string; unread?: boolean },
  ): Promise<Page<NotificationEntity>> {
    const builder = this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.userId = :userId', { userId });
    if (query.unread) builder.andWhere('n.readAt IS NULL');
    return keysetPage(builder, {
      time: 'createdAt',
      direction: 'DESC',
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  /** Marks it read (idempotent); undefined when the user has no such notification. */
  async markRead(userId: string, id: string): Promise<NotificationEntity | undefined> {
    const repository = this.dataSource.getRepository(NotificationEntity);
    await repository
      .createQueryBuilder()
      .update()
      .set({ readAt: () => 'coalesce(read_at, clock_timestamp())' })
      .where('id = :id AND user_id = :userId', { id, userId })
      .execute();
    return (await repository.findOneBy({ id, userId })) ?? undefined;
  }

  /** Notifications of `userIds` created since `since`, oldest first (at most 1000). */
  recentFor(userIds: string[], since: Date): Promise<NotificationEntity[]> {
    return this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.userId = ANY(:userIds)', { userIds })
      .andWhere('n.createdAt >= :since', { since })
      .orderBy('n.createdAt', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .limit(1000)
      .getMany();
  }
}
