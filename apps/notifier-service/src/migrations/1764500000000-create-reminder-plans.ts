import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReminderPlans1764500000000 implements MigrationInterface {
  name = 'CreateReminderPlans1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    // When each person joined, so a reminder whose time had passed by then leaves them out.
    await runner.query(
      `ALTER TABLE attendances ADD COLUMN confirmed_at timestamptz NOT NULL DEFAULT clock_timestamp()`,
    );
    await runner.query(
      `ALTER TABLE invitees ADD COLUMN answered_at timestamptz, ADD COLUMN plus_ones integer NOT NULL DEFAULT 0`,
    );
    // One planned reminder per event and offset: its due time and the timed job that sends it.
    await runner.query(`
      CREATE TABLE reminder_plans (
        event_id uuid NOT NULL,
        minutes_before integer NOT NULL,
        starts_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        job_id uuid NOT NULL,
        PRIMARY KEY (event_id, minutes_before)
      )`);
    await runner.query(`ALTER TABLE fanouts DROP CONSTRAINT fanouts_audience_check`);
    await runner.query(`
      ALTER TABLE fanouts
        ADD CONSTRAINT fanouts_audience_check CHECK (audience IN ('confirmed', 'cancelled_with_event', 'reminder')),
        -- People who joined the audience after this are left out (a reminder's due time).
        ADD COLUMN cutoff timestamptz`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM fanouts WHERE audience = 'reminder'`);
    await runner.query(`ALTER TABLE fanouts DROP CONSTRAINT fanouts_audience_check, DROP COLUMN cutoff`);
    await runner.query(
      `ALTER TABLE fanouts ADD CONSTRAINT fanouts_audience_check CHECK (audience IN ('confirmed', 'cancelled_with_event'))`,
    );
    await runner.query(`DROP TABLE reminder_plans`);
    await runner.query(`ALTER TABLE invitees DROP COLUMN answered_at, DROP COLUMN plus_ones`);
    await runner.query(`ALTER TABLE attendances DROP COLUMN confirmed_at`);
  }
}
