import { formatAmount } from '@evently/money';
import type { components } from '../api/booking-service';
import { Table } from '../ui';

type Revenue = components['schemas']['RevenueDto'];
type TypeRevenue = components['schemas']['TypeRevenueDto'];

/**
 * An event's money for its organizer: gross (paid), refunded and net, per currency, and the same per ticket
 * type (a booking's refunds shared among its lines). Nothing when nothing was paid.
 */
export function RevenueSummary({
  revenue,
  byType,
  currency,
}: {
  revenue: Revenue[];
  byType: TypeRevenue[];
  currency: string;
}) {
  if (revenue.length === 0) return null;
  const money = (amount: number) => formatAmount({ amount, currency });
  return (
    <div className="stack" data-testid="revenue">
      <h2>Revenue</h2>
      <p>
        {revenue.map((r) => (
          <span key={r.currency}>
            {formatAmount({ amount: r.net, currency: r.currency })} net ·{' '}
            {formatAmount({ amount: r.gross, currency: r.currency })} paid ·{' '}
            {formatAmount({ amount: r.refunded, currency: r.currency })} refunded
          </span>
        ))}
      </p>
      <Table caption="Revenue by ticket type">
        <thead>
          <tr>
            <th scope="col">Ticket type</th>
            <th scope="col">Paid places</th>
            <th scope="col">Paid</th>
            <th scope="col">Refunded</th>
            <th scope="col">Net</th>
          </tr>
        </thead>
        <tbody>
          {byType.map((t) => (
            <tr key={t.ticketTypeId}>
              <td>{t.name}</td>
              <td>{t.sold}</td>
              <td>{money(t.gross)}</td>
              <td>{money(t.refunded)}</td>
              <td>{money(t.net)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

/**
 * Money across the caller's events (an admin's: the whole platform), per currency: paid, refunded and net.
 * Nothing until something was paid.
 */
export function RevenueOverview({ revenue, admin }: { revenue: Revenue[]; admin: boolean }) {
  if (revenue.length === 0) return null;
  return (
    <div className="stack" data-testid="revenue-overview">
      <h2>{admin ? 'Revenue across the platform' : 'Revenue across your events'}</h2>
      <ul className="ticket-types">
        {revenue.map((r) => (
          <li key={r.currency}>
            {formatAmount({ amount: r.net, currency: r.currency })} net ·{' '}
            {formatAmount({ amount: r.gross, currency: r.currency })} paid ·{' '}
            {formatAmount({ amount: r.refunded, currency: r.currency })} refunded
          </li>
        ))}
      </ul>
    </div>
  );
}
