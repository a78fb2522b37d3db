import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The only reader and writer of `calendar_feeds`: each person's feed, by the hash of its secret. */
@Injectable()
export class CalendarFeedRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Gives the person a feed with this secret hash; any earlier secret of theirs stops working. */
  async replace(userId: string, secretHash: Buffer): Promise<Date> {
    const [row] = await this.dataSource.query<{ created_at: Date }[]>(
      `INSERT INTO calendar_feeds (user_id, secret_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, created_at = clock_timestamp()
       RETURNING created_at`,
      [userId, secretHash],
    );
    return row.created_at;
  }

  async createdAt(userId: string): Promise<Date | null> {
    const [row] = await this.dataSource.query<{ created_at: Date }[]>(
      `SELECT created_at FROM calendar_feeds WHERE user_id = $1`,
      [userId],
    );
    return row?.created_at ?? null;
  }

  async ownerOf(secretHash: Buffer): Promise<string | null> {
    const [row] = await this.dataSource.query<{ user_id: string }[]>(
      `SELECT user_id FROM calendar_feeds WHERE secret_hash = $1`,
      [secretHash],
    );
    return row?.user_id ?? null;
  }

  async remove(userId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM calendar_feeds WHERE user_id = $1`, [userId]);
  }
}
