import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The only reader and writer of `contacts`: user-service's users as far as notifications need them.
 * Filled by: user.registered, user.updated.
 */
@Injectable()
export class ContactRepository {
  constructor(private readonly dataSource: DataSource) {}

  async upsert(manager: EntityManager, contact: { userId: string; email: string; fullName: string }) {
    await manager.query(
      `INSERT INTO contacts (user_id, email, full_name) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, full_name = EXCLUDED.full_name,
         updated_at = clock_timestamp()`,
      [contact.userId, contact.email, contact.fullName],
    );
  }

  /** The account with this address (case-insensitive), if one is known. */
  async userWithEmail(manager: EntityManager, email: string): Promise<string | null> {
    const [row] = await manager.query<{ user_id: string }[]>(
      `SELECT user_id FROM contacts WHERE lower(email) = lower($1) LIMIT 1`,
      [email],
    );
    return row?.user_id ?? null;
  }

  /** A user's name and address, if known (on the caller's transaction). */
  async find(manager: EntityManager, userId: string): Promise<{ email: string; fullName: string } | null> {
    const [row] = await manager.query<{ email: string; full_name: string }[]>(
      `SELECT email, full_name FROM contacts WHERE user_id = $1`,
      [userId],
    );
    return row ? { email: row.email, fullName: row.full_name } : null;
  }

  /** Email addresses of the users known so far. */
  async emailsOf(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.dataSource.query<{ user_id: string; email: string }[]>(
      `SELECT user_id, email FROM contacts WHERE user_id = ANY($1::uuid[])`,
      [userIds],
    );
    return new Map(rows.map((r) => [r.user_id, r.email]));
  }
}
