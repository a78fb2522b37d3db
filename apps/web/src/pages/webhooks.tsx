import { useCallback, useEffect, useState } from 'react';
import { describe, fieldErrors, notifications } from '../api/client';
import type { components } from '../api/notifier-service';
import { isOrganizer, useAuth } from '../auth';
import { SignedOut } from '../components/signed-out';
import { Alert, Badge, Button, Card, EmptyState, Table, TextField, useToast } from '../ui';

type Webhook = components['schemas']['WebhookDto'];
type Delivery = components['schemas']['DeliveryDto'];
type TestResult = components['schemas']['TestResultDto'];
type Change = components['schemas']['CreateWebhookDto']['events'][number];

const TYPES: Change[] = [
  'event.published',
  'event.updated',
  'event.cancelled',
  'event.completed',
  'booking.held',
  'booking.confirmed',
  'booking.cancelled',
  'booking.refunded',
  'payment.received',
  'ticket.checked_in',
  'rsvp.answered',
  'waitlist.offer_made',
  'waitlist.offer_taken',
];

/** One webhook: its state, a test send, its deliveries with a retry each, rotate, enable/disable, delete. */
function WebhookCard({ hook, onChange }: { hook: Webhook; onChange(secret?: string): Promise<void> }) {
  const toast = useToast();
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [test, setTest] = useState<TestResult | null>(null);
  const path = { params: { path: { id: hook.id } } };
  const loadDeliveries = useCallback(async () => {
    const { data } = await notifications.GET('/api/v1/webhooks/{id}/deliveries', {
      params: { path: { id: hook.id }, query: { limit: 20 } },
    });
    if (data) setDeliveries(data.items);
  }, [hook.id]);
  useEffect(() => {
    void loadDeliveries();
  }, [loadDeliveries]);

  const sendTest = async () =>
    setTest((await notifications.POST('/api/v1/webhooks/{id}/test', path)).data ?? null);
  const redeliver = async (deliveryId: string) => {
    await notifications.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', {
      params: { path: { id: hook.id, deliveryId } },
    });
    toast('Queued again');
    await loadDeliveries();
  };
  const setEnabled = async (enabled: boolean) => {
    await notifications.PATCH('/api/v1/webhooks/{id}', { ...path, body: { enabled } });
    await onChange();
  };
  const rotate = async () => {
    const { data } = await notifications.POST('/api/v1/webhooks/{id}/rotate-secret', path);
    await onChange(data?.secret);
  };
  const remove = async () => {
    await notifications.DELETE('/api/v1/webhooks/{id}', path);
    await onChange();
  };

  return (
    <Card className="stack" data-webhook={hook.id}>
      <p className="row spread">
        <strong>{hook.url}</strong>
        <Badge tone={hook.status === 'active' ? 'success' : 'danger'}>{hook.status}</Badge>
      </p>
      <p className="muted">
        {hook.events.join(', ')}
        {hook.eventId ? ` · one event` : ' · all your events'}
        {hook.disabledReason ? ` · ${hook.disabledReason}` : ''}
      </p>
      <p className="row">
        <Button size="small" onClick={() => void sendTest()}>
          Send a test
        </Button>
        <Button size="small" onClick={() => void rotate()}>
          Rotate secret
        </Button>
        <Button size="small" onClick={() => void setEnabled(hook.status !== 'active')}>
          {hook.status === 'active' ? 'Disable' : 'Enable'}
        </Button>
        <Button size="small" variant="ghost" onClick={() => void remove()}>
          Delete
        </Button>
      </p>
      {test && (
        <Alert tone={test.ok ? 'info' : 'danger'}>
          <span data-testid="test-result">
            Test {test.ok ? 'delivered' : 'failed'}: {test.status ?? test.error} in {test.ms} ms
          </span>
        </Alert>
      )}
      <Table caption={`Deliveries to ${hook.url}`}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Answer</th>
            <th scope="col">
              <span className="visually-hidden">Retry</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries?.map((d) => (
            <tr key={d.id} data-delivery={d.seq}>
              <td>{d.seq}</td>
              <td>{d.status}</td>
              <td>{d.attempts}</td>
              <td>
                {d.responseStatus ?? d.error ?? '—'}
                {d.responseMs !== null ? ` · ${d.responseMs} ms` : ''}
              </td>
              <td>
                <Button size="small" onClick={() => void redeliver(d.id)} disabled={hook.status !== 'active'}>
                  Retry #{d.seq}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}

/**
 * The organizer's webhooks: add one (the URL and the changes it wants), its secret shown once; each with a
 * test send, its deliveries and a retry for each.
 */
export function WebhooksPage() {
  const { me, ready } = useAuth();
  const [items, setItems] = useState<Webhook[]>([]);
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState<Change[]>(['*']);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const load = useCallback(async () => {
    const { data } = await notifications.GET('/api/v1/webhooks');
    if (data) setItems(data.items);
  }, []);
  useEffect(() => {
    if (me && isOrganizer(me.role)) void load();
  }, [me, load]);
  if (!ready) return null;
  if (!me || !isOrganizer(me.role))
    return <SignedOut title="Webhooks" what="send your events' changes to your systems" />;

  const add = async () => {
    const { data, error } = await notifications.POST('/api/v1/webhooks', {
      body: { url: url.trim(), events: types.length > 0 ? types : ['*'] },
    });
    setErrors(fieldErrors(error));
    setFailure(error && Object.keys(fieldErrors(error)).length === 0 ? describe(error) : null);
    if (!data) return;
    setSecret(data.secret);
    setUrl('');
    await load();
  };
  const toggle = (type: Change) =>
    setTypes((all) =>
      type === '*'
        ? ['*']
        : [...all.filter((t) => t !== '*' && t !== type), ...(all.includes(type) ? [] : [type])],
    );

  return (
    <section className="stack">
      <h1>Webhooks</h1>
      <p className="muted">
        Every change to your events is numbered in your feed (<code>GET /api/v1/organizer/feed</code>); a
        webhook receives the same entries, signed (Standard Webhooks), in order, retried for up to three days.
      </p>
      <Card className="stack">
        <h2>Add a webhook</h2>
        <TextField
          label="URL"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          error={errors.url?.join('; ')}
        />
        <fieldset className="check-grid">
          <legend>Changes to send</legend>
          {(['*', ...TYPES] as Change[]).map((t) => (
            <label key={t} className="inline">
              <input type="checkbox" checked={types.includes(t)} onChange={() => toggle(t)} />{' '}
              {t === '*' ? 'all' : t}
            </label>
          ))}
        </fieldset>
        {failure && <Alert>{failure}</Alert>}
        <Button variant="primary" onClick={() => void add()} disabled={url.trim() === ''}>
          Add webhook
        </Button>
      </Card>
      {secret && (
        <Alert tone="info">
          <span data-testid="webhook-secret">
            Signing secret (shown once; keep it with your receiver): <code>{secret}</code>
          </span>
        </Alert>
      )}
      {items.length === 0 && <EmptyState title="No webhooks yet" />}
      {items.map((hook) => (
        <WebhookCard
          key={hook.id}
          hook={hook}
          onChange={async (rotated) => {
            if (rotated) setSecret(rotated);
            await load();
          }}
        />
      ))}
    </section>
  );
}
