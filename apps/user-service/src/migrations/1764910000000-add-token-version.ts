import { MigrationInterface, QueryRunner } from 'typeorm';

/** A user's token version: every access token carries it (`tv`), and one below the current is revoked. */
export class AddTokenVersion1764910000000 implements MigrationInterface {
  name = 'AddTokenVersion1764910000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
