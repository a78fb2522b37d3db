import { MigrationInterface, QueryRunner } from 'typeorm';

/** The replica keeps the event's refund window (attendee cancellations of paid bookings, refunded in full). */
export class InventoryRefundWindow1765010000000 implements MigrationInterface {
  name = 'InventoryRefundWindow1765010000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE inventory ADD COLUMN refund_window_hours integer`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE inventory DROP COLUMN refund_window_hours`);
  }
}
