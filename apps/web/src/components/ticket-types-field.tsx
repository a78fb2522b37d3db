import type { components } from '../api/event-service';
import { fromMinorUnits } from '@evently/money';
import { FieldError } from './field-error';

type TicketType = components['schemas']['TicketTypeViewDto'];

/** A ticket type as its row in the form holds it (prices as typed); the rest of a stored type rides along. */
export interface TypeRow {
  stored?: TicketType;
  name: string;
  price: string;
  quota: string;
  hidden: boolean;
}

export const rowOf = (type: TicketType): TypeRow => ({
  stored: type,
  name: type.name,
  price: fromMinorUnits(type.price.amount, type.price.currency),
  quota: type.quota === null ? '' : String(type.quota),
  hidden: type.hidden,
});

/** The currencies this browser can name (the API checks ISO 4217), the event's own included. */
function currenciesWith(current: string): string[] {
  const known =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : ['EUR', 'USD', 'GBP'];
  return [...new Set([current, ...known])].sort();
}

/**
 * The event's ticket types: one currency for all, and a row per type (name, price as typed, quota, hidden).
 * Once the event is published (`fixed`), its currency stays and stored types cannot be removed.
 */
export function TicketTypesField({
  types,
  setTypes,
  currency,
  setCurrency,
  errors,
  fixed,
}: {
  types: TypeRow[];
  setTypes(update: (all: TypeRow[]) => TypeRow[]): void;
  currency: string;
  setCurrency(currency: string): void;
  errors: Record<string, string[]>;
  fixed: boolean;
}) {
  const setType = (index: number, change: Partial<TypeRow>) =>
    setTypes((all) => all.map((t, i) => (i === index ? { ...t, ...change } : t)));
  return (
    <fieldset className="stack" data-testid="ticket-types">
      <legend>Tickets</legend>
      <label>
        Currency
        <select
          name="currency"
          value={currency}
          onChange={(e) => setCurrency(e.target.value)}
          disabled={fixed}
        >
          {currenciesWith(currency).map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
      </label>
      {types.map((t, i) => (
        <div key={t.stored?.id ?? `new-${i}`} className="ticket-row" data-ticket-row={i}>
          <label>
            Ticket name <input value={t.name} onChange={(e) => setType(i, { name: e.target.value })} />
            <FieldError errors={errors} path={`ticketTypes.${i}.name`} />
          </label>
          <label>
            Price ({currency})
            <input
              inputMode="decimal"
              value={t.price}
              onChange={(e) => setType(i, { price: e.target.value })}
            />
            <FieldError errors={errors} path={`ticketTypes.${i}.price`} />
          </label>
          <label>
            Quota (optional)
            <input
              type="number"
              min={1}
              value={t.quota}
              onChange={(e) => setType(i, { quota: e.target.value })}
            />
            <FieldError errors={errors} path={`ticketTypes.${i}.quota`} />
          </label>
          <label className="inline">
            <input
              type="checkbox"
              checked={t.hidden}
              onChange={(e) => setType(i, { hidden: e.target.checked })}
            />{' '}
            Hidden (promo code only)
          </label>
          {types.length > 1 && (!t.stored || !fixed) && (
            <button type="button" onClick={() => setTypes((all) => all.filter((_, j) => j !== i))}>
              Remove {t.name || 'ticket type'}
            </button>
          )}
        </div>
      ))}
      {errors.ticketTypes && (
        <span className="field-error" data-field="ticketTypes">
          {errors.ticketTypes.join('; ')}
        </span>
      )}
      <button
        type="button"
        onClick={() => setTypes((all) => [...all, { name: '', price: '', quota: '', hidden: false }])}
      >
        Add a ticket type
      </button>
    </fieldset>
  );
}
