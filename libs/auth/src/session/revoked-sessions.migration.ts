import { MigrationInterface, QueryRunner } from 'typeorm';

/** The replica of user.sessions-revoked, in every service's database (libs/auth's guard reads it). */
export class CreateRevokedSessions1764900000000 implements MigrationInterface {
  name = 'CreateRevokedSessions1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    // session_id is the nil UUID for a revocation of every session below token_version (a key column
    // cannot be null).
    await runner.query(`
      CREATE TABLE revoked_sessions (
        user_id uuid NOT NULL,
        session_id uuid NOT NULL,
        token_version integer NOT NULL CHECK (token_version >= 0),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, session_id)
      )`);
    await runner.query(`CREATE INDEX revoked_sessions_expires_idx ON revoked_sessions (expires_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE revoked_sessions`);
  }
}
