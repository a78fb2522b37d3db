import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface Person {
  userId: string;
  email: string;
  fullName: string;
}

/** The only reader and writer of `people`: the accounts booking-service has heard of (user.* facts). */
@Injectable()
export class PeopleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Keeps the account's name and email (a later fact replaces them; an address moved to another frees it). */
  async upsert(manager: EntityManager, person: Person): Promise<void> {
    await manager.query(`DELETE FROM people WHERE lower(email) = lower($2) AND user_id <> $1`, [
      person.userId,
      person.email,
    ]);
    await manager.query(
      `INSERT INTO people (user_id, email, full_name) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, full_name = EXCLUDED.full_name,
         updated_at = clock_timestamp()`,
      [person.userId, person.email, person.fullName],
    );
  }

  async byEmail(email: string): Promise<Person | null> {
    const [row] = await this.dataSource.query<Person[]>(
      `SELECT user_id AS "userId", email, full_name AS "fullName" FROM people WHERE lower(email) = lower($1)`,
      [email],
    );
    return row ?? null;
  }

  async byIds(userIds: string[]): Promise<Map<string, Person>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.dataSource.query<Person[]>(
      `SELECT user_id AS "userId", email, full_name AS "fullName" FROM people WHERE user_id = ANY($1::uuid[])`,
      [userIds],
    );
    return new Map(rows.map((p) => [p.userId, p]));
  }
}
