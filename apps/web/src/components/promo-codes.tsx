import { formatMoney, toMinorUnits } from '@evently/money';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { bookings, describe } from '../api/client';
import { fieldText } from '../form';
import type { components as bookingSchemas } from '../api/booking-service';
import type { components as eventSchemas } from '../api/event-service';
import { Alert, Badge, Button, EmptyState, SelectField, Table, TextField, useToast } from '../ui';

type PromoCode = bookingSchemas['schemas']['PromoCodeDto'];
type TicketType = eventSchemas['schemas']['EventDto']['ticketTypes'][number];

/**
 * An event's promo codes for its organizer: each with what it takes off, where, and how often it was used;
 * a new one (a percentage or an amount off each place, for one type or all, limited in uses, perhaps
 * unlocking hidden types); withdrawing one, or bringing it back.
 */
export function PromoCodes({ eventId, ticketTypes }: { eventId: string; ticketTypes: TicketType[] }) {
  const toast = useToast();
  const currency = ticketTypes[0]?.price.currency ?? 'EUR';
  const [codes, setCodes] = useState<PromoCode[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const { data } = await bookings.GET('/api/v1/events/{eventId}/promo-codes', {
      params: { path: { eventId } },
    });
    setCodes(data?.items ?? []);
  }, [eventId]);
  useEffect(() => void load(), [load]);

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const value = fieldText(form, 'value');
    const kind = fieldText(form, 'kind');
    const type = fieldText(form, 'type');
    const maxUses = fieldText(form, 'maxUses');
    const { data, error: failure } = await bookings.POST('/api/v1/events/{eventId}/promo-codes', {
      params: { path: { eventId } },
      body: {
        code: fieldText(form, 'code').trim(),
        ...(kind === 'percent'
          ? { percentOff: Number(value) }
          : { amountOff: toMinorUnits(value, currency) }),
        ...(type !== 'all' && { ticketTypeIds: [type] }),
        ...(maxUses && { maxUses: Number(maxUses) }),
        unlocksHidden: form.get('unlocksHidden') === 'on',
      },
    });
    if (!data) return setError(describe(failure));
    setError(null);
    toast(`Promo code ${data.code} created`);
    (e.target as HTMLFormElement).reset();
    void load();
  };

  const setDisabled = async (code: PromoCode, disabled: boolean) => {
    const { error: failure } = await bookings.PATCH('/api/v1/events/{eventId}/promo-codes/{id}', {
      params: { path: { eventId, id: code.id } },
      body: { disabled },
    });
    toast(failure ? describe(failure) : `${code.code} ${disabled ? 'withdrawn' : 'active again'}`);
    void load();
  };

  const off = (c: PromoCode) =>
    c.percentOff !== null ? `${c.percentOff}% off` : `${formatMoney({ amount: c.amountOff!, currency })} off`;
  const where = (c: PromoCode) =>
    c.ticketTypeIds === null
      ? 'every type'
      : c.ticketTypeIds.map((id) => ticketTypes.find((t) => t.id === id)?.name ?? id).join(', ');

  return (
    <div className="stack" data-testid="promo-codes">
      {codes?.length === 0 && <EmptyState title="No promo codes yet" />}
      {codes && codes.length > 0 && (
        <Table caption="Promo codes">
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Discount</th>
              <th scope="col">Uses</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {codes.map((c) => (
              <tr key={c.id} data-code={c.code}>
                <td>
                  <code>{c.code}</code>
                </td>
                <td>
                  {off(c)} · {where(c)}
                  {c.unlocksHidden && ' · unlocks hidden types'}
                </td>
                <td>{c.maxUses === null ? c.uses : `${c.uses} of ${c.maxUses}`}</td>
                <td>
                  <Badge tone={c.disabledAt ? 'danger' : 'success'}>
                    {c.disabledAt ? 'withdrawn' : 'active'}
                  </Badge>{' '}
                  <Button size="small" onClick={() => void setDisabled(c, !c.disabledAt)}>
                    {c.disabledAt ? 'Restore' : 'Withdraw'}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <form className="stack" onSubmit={(e) => void create(e)} aria-label="New promo code">
        <TextField
          label="Code"
          name="code"
          required
          pattern="[A-Za-z0-9_\-]{3,32}"
          hint="3-32 letters, digits, - or _"
        />
        <SelectField label="Discount kind" name="kind" defaultValue="percent">
          <option value="percent">Percent off each place</option>
          <option value="amount">Amount off each place ({currency})</option>
        </SelectField>
        <TextField label="Discount" name="value" required inputMode="decimal" />
        <SelectField label="Applies to" name="type" defaultValue="all">
          <option value="all">Every ticket type</option>
          {ticketTypes.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </SelectField>
        <TextField label="Maximum uses (optional)" name="maxUses" type="number" min={1} />
        <label className="inline">
          <input type="checkbox" name="unlocksHidden" /> Unlocks hidden ticket types
        </label>
        {error && <Alert>{error}</Alert>}
        <div className="actions">
          <Button type="submit" variant="primary">
            Add promo code
          </Button>
        </div>
      </form>
    </div>
  );
}
