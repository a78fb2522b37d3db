import type { HTMLAttributes, ReactNode } from 'react';

/** A surface that groups one thing: an event, a booking, a form. */
export function Card({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={['card', className].filter(Boolean).join(' ')} {...props} />;
}

export type Tone = 'neutral' | 'success' | 'danger' | 'warning' | 'info';

/** A short status word ("confirmed", "sold out"), coloured by its tone. */
export function Badge({ tone = 'neutral', ...props }: { tone?: Tone } & HTMLAttributes<HTMLSpanElement>) {
  return <span className={tone === 'neutral' ? 'badge' : `badge badge-${tone}`} {...props} />;
}

/** The tone of an event's status (as event-service names it), wherever it is shown. */
export const eventStatusTone = (status: string): Tone =>
  (({ published: 'success', cancelled: 'danger', completed: 'info' })[status] as Tone | undefined) ??
  'neutral';

/** What a list shows when it has nothing, and what to do about it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty" role="status">
      <p>
        <strong>{title}</strong>
      </p>
      {children}
    </div>
  );
}

/** A refusal or failure to read, announced. */
export function Alert({ children, tone = 'danger' }: { children: ReactNode; tone?: 'danger' | 'info' }) {
  return (
    <p
      className={tone === 'danger' ? 'alert' : 'alert alert-info'}
      role={tone === 'danger' ? 'alert' : 'status'}
    >
      {children}
    </p>
  );
}

/** Placeholders while a page loads: `count` lines, or cards. */
export function Skeleton({ count = 3, kind = 'line' }: { count?: number; kind?: 'line' | 'card' }) {
  return (
    <div className="stack" aria-busy="true" aria-label="Loading">
      {Array.from({ length: count }, (_, i) => (
        <span key={i} className={kind === 'card' ? 'skeleton skeleton-card' : 'skeleton'} />
      ))}
    </div>
  );
}

/** A table that scrolls inside its own box on a narrow screen, never the page. */
export function Table({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        {children}
      </table>
    </div>
  );
}
