import { MigrationInterface, QueryRunner } from 'typeorm';

/** An event may let attendees cancel a paid booking for a full refund until some hours before its start. */
export class AddRefundWindow1765000000000 implements MigrationInterface {
  name = 'AddRefundWindow1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE events ADD COLUMN refund_window_hours integer CHECK (refund_window_hours BETWEEN 0 AND 8760)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE events DROP COLUMN refund_window_hours`);
  }
}
