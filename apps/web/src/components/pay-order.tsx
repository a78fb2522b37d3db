import { formatMoney } from '@evently/money';
import { formatWhen } from '@evently/time';
import { useEffect, useState } from 'react';
import { bookings, describe } from '../api/client';
import type { components as bookingSchemas } from '../api/booking-service';
import { Alert, Button } from '../ui';

type Booking = bookingSchemas['schemas']['BookingDto'];
type PaymentStart = bookingSchemas['schemas']['PaymentStartDto'];

/**
 * Paying an order that awaits payment: the ways offered here (bank transfer; card through Stripe when it is
 * configured). A transfer shows its reference and instructions; a card payment goes to Stripe's page, and
 * the booking is confirmed when Stripe says it was paid.
 */
export function PayOrder({ order, timeZone }: { order: Booking; timeZone?: string }) {
  const [providers, setProviders] = useState<string[]>([]);
  const [started, setStarted] = useState<PaymentStart | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void bookings.GET('/api/v1/payments/methods').then(({ data }) => setProviders(data?.providers ?? []));
  }, []);

  const pay = async (provider: 'offline' | 'stripe') => {
    const { data, error: failure } = await bookings.POST('/api/v1/bookings/{id}/pay', {
      params: { path: { id: order.id } },
      body: { provider },
    });
    if (!data) return setError(describe(failure));
    setError(null);
    if (data.redirectUrl) return window.location.assign(data.redirectUrl);
    setStarted(data);
  };

  return (
    <div className="stack" data-testid="pay-order">
      <div className="actions">
        {providers.includes('offline') && (
          <Button onClick={() => void pay('offline')}>Pay by bank transfer</Button>
        )}
        {providers.includes('stripe') && (
          <Button variant="primary" onClick={() => void pay('stripe')}>
            Pay by card
          </Button>
        )}
      </div>
      {started && (
        <p role="status" data-testid="transfer-instructions">
          Transfer {formatMoney({ amount: started.amount, currency: started.currency })} with the reference{' '}
          <code>{started.reference}</code> before {formatWhen(started.dueAt, timeZone)}.{' '}
          {started.instructions}
        </p>
      )}
      {error && <Alert>{error}</Alert>}
    </div>
  );
}
