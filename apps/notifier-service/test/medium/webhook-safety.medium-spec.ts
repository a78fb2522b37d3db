// Webhook targets with private addresses refused (medium tier: the notifier's modules on its real database,
// started with WEBHOOK_ALLOW_PRIVATE=false as in production): a subscription to 127.0.0.1 or to a name that
// resolves to it is refused, and a stored one (its DNS changed since, say) is not called at delivery time.
import { Role } from '@evently/auth';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { MediumService, startMedium } from '@evently/testing/medium';
import { codeOf } from '@evently/testing/medium';
import { AppModule } from '../../src/app.module';
import { WebhookRepository } from '../../src/webhook/webhook.repository';
import { WebhookService } from '../../src/webhook/webhook.service';

describe('webhook safety, medium tier', () => {
  let svc: MediumService;
  let receiver: Server;
  let port: number;
  let calls = 0;

  beforeAll(async () => {
    receiver = createServer((_req, res) => {
      calls++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
    svc = await startMedium(AppModule, 'medium-notifier-service', {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: '9',
      EMAIL_POLL_INTERVAL_MS: '60000',
      WEBHOOK_ALLOW_PRIVATE: 'false',
      WEBHOOK_HTTPS_ONLY: 'false',
      WEBHOOK_POLL_INTERVAL_MS: '50',
    });
  });
  afterAll(async () => {
    await svc?.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('refuses loopback targets when made, and does not call a stored one when delivering', async () => {
    const webhooks = svc.get(WebhookService);
    const organizer = { id: randomUUID(), role: Role.Organizer, email: 'o@example.test' } as never;
    for (const url of [
      `http://127.0.0.1:${port}/x`,
      `http://localhost:${port}/x`,
      'http://[::1]/x',
      'http://169.254.169.254/latest',
    ]) {
      expect([url, await codeOf(webhooks.create(organizer, { url, events: ['*'] }))]).toEqual([
        url,
        'WEBHOOK_URL_NOT_ALLOWED',
      ]);
    }

    // Stored before (or its name now resolves to loopback): the delivery is attempted, refused, retried later.
    const repo = svc.get(WebhookRepository);
    const organizerId = randomUUID();
    const stored = await repo.insert({
      id: randomUUID(),
      organizerId,
      url: `http://localhost:${port}/x`,
      types: ['*'],
      eventId: null,
      description: null,
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      status: 'active',
    });
    await svc.query(`INSERT INTO feed_heads (organizer_id, last_seq) VALUES ($1, 1)`, [organizerId]);
    await svc.query(
      `INSERT INTO feed_entries (organizer_id, seq, type, event_id, fact_id, occurred_at, data)
       VALUES ($1, 1, 'event.published', NULL, $2, now(), '{}')`,
      [organizerId, randomUUID()],
    );
    await svc.query(
      `INSERT INTO webhook_deliveries (id, subscription_id, organizer_id, seq, status) VALUES ($1, $2, $3, 1, 'pending')`,
      [randomUUID(), stored.id, organizerId],
    );
    let attempt: { attempts: number; error: string | null; status: string } | undefined;
    for (let waited = 0; waited < 10_000 && !attempt?.attempts; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      [attempt] = await svc.query(
        `SELECT attempts, error, status FROM webhook_deliveries WHERE subscription_id = $1`,
        [stored.id],
      );
    }
    expect(attempt).toMatchObject({ status: 'pending' });
    expect(attempt!.attempts).toBeGreaterThanOrEqual(1);
    expect(attempt!.error).toMatch(/localhost resolves to .* which is not allowed/);
    expect(calls).toBe(0);
  });
});
