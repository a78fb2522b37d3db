import { type KeyboardEvent, useMemo, useRef, useState } from 'react';

export interface SeatView {
  label: string;
  section: string;
  row: number;
  number: number;
  status: 'available' | 'held' | 'booked';
}

/** Seats by section, then row, in number order: the grid the map draws and the arrow keys walk. */
export function seatRows(seats: SeatView[]): SeatView[][] {
  const rows = new Map<string, SeatView[]>();
  for (const seat of seats) {
    const key = `${seat.section}\u0000${String(seat.row).padStart(6, '0')}`;
    rows.set(key, [...(rows.get(key) ?? []), seat]);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, row]) => row.sort((a, b) => a.number - b.number));
}

/** Where an arrow key moves from (row, column): within the row, or to the same column of the next row. */
export function moveFrom(rows: SeatView[][], at: [number, number], key: string): [number, number] {
  const [r, c] = at;
  if (key === 'ArrowRight') return [r, Math.min(c + 1, rows[r].length - 1)];
  if (key === 'ArrowLeft') return [r, Math.max(c - 1, 0)];
  if (key === 'ArrowDown' && r + 1 < rows.length) return [r + 1, Math.min(c, rows[r + 1].length - 1)];
  if (key === 'ArrowUp' && r > 0) return [r - 1, Math.min(c, rows[r - 1].length - 1)];
  if (key === 'Home') return [r, 0];
  if (key === 'End') return [r, rows[r].length - 1];
  return at;
}

const STATUS_WORD = {
  available: 'available',
  held: 'held for someone, unavailable',
  booked: 'booked, unavailable',
};

/**
 * The seat map: one button per seat, read as "Section A, row 1, seat 2, available". One seat is in the tab
 * order; the arrow keys (and Home, End) move between seats, Enter or Space picks. Unavailable seats stay
 * focusable (aria-disabled) so the walk never skips a place in the grid. On touch the map pans and zooms
 * inside its own box.
 */
export function SeatMap({
  seats,
  picked,
  onToggle,
}: {
  seats: SeatView[];
  picked: string[];
  onToggle(label: string): void;
}) {
  const rows = useMemo(() => seatRows(seats), [seats]);
  const [focus, setFocus] = useState<[number, number]>([0, 0]);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = moveFrom(rows, focus, event.key);
    if (next === focus) return;
    event.preventDefault();
    setFocus(next);
    buttons.current.get(rows[next[0]][next[1]].label)?.focus();
  };
  return (
    <div className="seatmap-wrap">
      <div role="grid" aria-label="Seat map" className="seatmap-grid" onKeyDown={onKeyDown}>
        {rows.map((row, r) => (
          <div role="row" className="seat-row" key={`${row[0].section}-${row[0].row}`}>
            <span role="rowheader" className="seat-row-label">
              {row[0].section}
              {row[0].row}
            </span>
            {row.map((seat, c) => {
              const mine = picked.includes(seat.label);
              const unavailable = seat.status !== 'available';
              return (
                <span role="gridcell" key={seat.label}>
                  <button
                    type="button"
                    ref={(element) => {
                      if (element) buttons.current.set(seat.label, element);
                      else buttons.current.delete(seat.label);
                    }}
                    data-seat={seat.label}
                    data-status={mine ? 'picked' : seat.status}
                    className={`seat ${mine ? 'picked' : seat.status}`}
                    tabIndex={focus[0] === r && focus[1] === c ? 0 : -1}
                    aria-label={`Section ${seat.section}, row ${seat.row}, seat ${seat.number}, ${mine ? 'picked' : STATUS_WORD[seat.status]}`}
                    aria-pressed={mine}
                    aria-disabled={unavailable || undefined}
                    onFocus={() => setFocus([r, c])}
                    onClick={() => {
                      if (!unavailable) onToggle(seat.label);
                    }}
                  >
                    {seat.number}
                  </button>
                </span>
              );
            })}
          </div>
        ))}
      </div>
      <ul className="legend" aria-label="Legend">
        <li>
          <span className="seat available" /> Available
        </li>
        <li>
          <span className="seat picked" /> Your pick
        </li>
        <li>
          <span className="seat held" /> Held
        </li>
        <li>
          <span className="seat booked" /> Booked
        </li>
      </ul>
    </div>
  );
}
