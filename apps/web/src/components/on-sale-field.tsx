import type { components } from '../api/event-service';
import { instantToZoned, zonedToInstant } from '@evently/time';
import { fieldText } from '../form';
import { FieldError } from './field-error';

type Event = components['schemas']['EventDto'];
type OnSale = components['schemas']['OnSaleDto'];

/**
 * The event form's on-sale section: when the sale opens (empty: at publication) and whether visitors go
 * through a queue, at what rate (empty: Evently paces it by how fast bookings are made) and for how long an
 * admitted visitor may book.
 */
export function OnSaleField({
  event,
  timeZone,
  errors,
}: {
  event?: Event;
  timeZone: string;
  errors: Record<string, string[]>;
}) {
  const onSale = event?.onSale ?? null;
  return (
    <fieldset>
      <legend>On sale</legend>
      <label>
        Sale opens ({timeZone.replaceAll('_', ' ')} time; empty: when published){' '}
        <input
          type="datetime-local"
          name="opensAt"
          defaultValue={onSale ? instantToZoned(onSale.opensAt, event!.timeZone) : ''}
        />
        <FieldError errors={errors} path="onSale.opensAt" />
      </label>
      <label className="inline">
        <input type="checkbox" name="queue" defaultChecked={onSale?.queue ?? false} /> Open through a queue
        (visitors who come before the opening get a random place; later ones queue in arrival order)
      </label>
      <label>
        Admit per minute (empty: paced by how fast bookings are made)
        <input type="number" name="admitPerMinute" min={1} defaultValue={onSale?.admitPerMinute ?? ''} />
        <FieldError errors={errors} path="onSale.admitPerMinute" />
      </label>
      <label>
        Minutes an admitted visitor has to book
        <input type="number" name="passMinutes" min={1} max={120} defaultValue={onSale?.passMinutes ?? 10} />
        <FieldError errors={errors} path="onSale.passMinutes" />
      </label>
      <FieldError errors={errors} path="onSale" />
    </fieldset>
  );
}

/** The on-sale settings the form says (null: open at publication, no queue). */
export function onSaleBody(form: FormData, timeZone: string): OnSale | null {
  const opensAt = fieldText(form, 'opensAt').trim();
  if (opensAt === '') return null;
  const rate = fieldText(form, 'admitPerMinute').trim();
  const minutes = fieldText(form, 'passMinutes').trim();
  return {
    queue: form.get('queue') === 'on',
    opensAt: zonedToInstant(opensAt, timeZone),
    admitPerMinute: rate === '' ? null : Number(rate),
    passMinutes: minutes === '' ? 10 : Number(minutes),
  };
}
