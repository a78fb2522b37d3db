import { useEffect, useState } from 'react';
import { describe, notifications } from '../api/client';
import { useAuth } from '../auth';
import { SignedOut } from '../components/signed-out';
import { Alert, Button, Card, Skeleton, TextField, useToast } from '../ui';

interface FeedState {
  active: boolean;
  createdAt: string | null;
}

/**
 * The signed-in person's account: who they are, and their private calendar feed. The feed's address is
 * shown once, when it is made (the service keeps only a hash); a new one replaces it.
 */
export function AccountPage() {
  const { me } = useAuth();
  const toast = useToast();
  const [feed, setFeed] = useState<FeedState | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!me) return;
    void notifications.GET('/api/v1/calendar/feed').then(({ data, error: failed }) => {
      if (data) setFeed(data);
      else setError(describe(failed));
    });
  }, [me]);
  if (!me) return <SignedOut title="My account" what="see your account" />;

  const renew = async () => {
    setBusy(true);
    const { data, error: failed } = await notifications.POST('/api/v1/calendar/feed');
    setBusy(false);
    if (!data) return setError(describe(failed));
    setError(null);
    setUrl(data.url);
    setFeed({ active: true, createdAt: data.createdAt });
  };
  const stop = async () => {
    setBusy(true);
    const { error: failed } = await notifications.DELETE('/api/v1/calendar/feed');
    setBusy(false);
    if (failed) return setError(describe(failed));
    setUrl(null);
    setFeed({ active: false, createdAt: null });
    toast('Calendar feed turned off: its address no longer works.');
  };
  const copy = async () => {
    if (!url) return;
    await navigator.clipboard.writeText(url).then(
      () => toast('Address copied.'),
      () => toast('Select the address and copy it.'),
    );
  };

  return (
    <section className="stack">
      <h1>My account</h1>
      <Card className="stack">
        <h2>{me.fullName}</h2>
        <p className="card-meta">
          {me.email} · {me.role}
        </p>
      </Card>
      <Card className="stack" data-testid="calendar-feed">
        <h2>Calendar feed</h2>
        <p>
          Subscribe to your upcoming bookings from Google Calendar, Apple Calendar or Outlook: they appear at
          their local time and follow every change. The address is private; anyone who has it can read the
          feed.
        </p>
        {error && <Alert>{error}</Alert>}
        {feed === null && !error && <Skeleton count={2} />}
        {url && (
          <>
            <TextField
              label="Your calendar address (shown once: copy it now)"
              value={url}
              readOnly
              onFocus={(e) => e.currentTarget.select()}
              data-testid="feed-url"
            />
            <div className="row">
              <Button variant="primary" onClick={() => void copy()}>
                Copy address
              </Button>
            </div>
          </>
        )}
        {feed && !url && (
          <p className="card-meta" data-testid="feed-state">
            {feed.active
              ? `A feed address is active since ${new Date(feed.createdAt!).toLocaleString()}. It is shown only when made; make a new one if you lost it.`
              : 'You have no calendar feed.'}
          </p>
        )}
        {feed && (
          <div className="row">
            <Button
              variant={feed.active ? 'secondary' : 'primary'}
              disabled={busy}
              onClick={() => void renew()}
            >
              {feed.active ? 'Make a new address (the old one stops working)' : 'Make a calendar address'}
            </Button>
            {feed.active && (
              <Button variant="danger" disabled={busy} onClick={() => void stop()}>
                Turn the feed off
              </Button>
            )}
          </div>
        )}
      </Card>
    </section>
  );
}
