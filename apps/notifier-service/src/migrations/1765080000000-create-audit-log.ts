import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: who did what, when, from where. Append-only: the service's role may insert and read it but
 * not update, delete or truncate it (privileges revoked), and a trigger refuses those statements to anyone.
 */
export class CreateAuditLog1765080000000 implements MigrationInterface {
  name = 'CreateAuditLog1765080000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE audit_log (
        seq bigserial PRIMARY KEY,
        -- The fact it was made from (or a fresh id for what the notifier records itself): kept once.
        fact_id uuid NOT NULL UNIQUE,
        actor_id uuid NOT NULL,
        actor_role text NOT NULL,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text NOT NULL,
        event_id uuid,
        organizer_id uuid,
        changes jsonb,
        details jsonb,
        request_id text,
        address text,
        at timestamptz(3) NOT NULL,
        recorded_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await runner.query(
      `CREATE INDEX audit_log_event_idx ON audit_log (event_id, seq) WHERE event_id IS NOT NULL`,
    );
    await runner.query(`CREATE INDEX audit_log_organizer_idx ON audit_log (organizer_id, seq)`);
    await runner.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, seq)`);
    await runner.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await runner.query(`
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await runner.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
    await runner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC, CURRENT_USER`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE audit_log`);
    await runner.query(`DROP FUNCTION audit_log_append_only()`);
  }
}
