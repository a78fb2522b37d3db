import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWaitlisters1764300000000 implements MigrationInterface {
  name = 'CreateWaitlisters1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    // booking-service's waiting-list entries as far as notices need them (who to tell if the event is cancelled).
    await runner.query(`
      CREATE TABLE waitlisters (
        entry_id uuid PRIMARY KEY,
        event_id uuid NOT NULL,
        user_id uuid NOT NULL,
        status text NOT NULL
          CHECK (status IN ('waiting', 'offered', 'accepted', 'declined', 'expired', 'left', 'cancelled'))
      )`);
    await runner.query(`CREATE INDEX waitlisters_event_user_idx ON waitlisters (event_id, user_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE waitlisters`);
  }
}
