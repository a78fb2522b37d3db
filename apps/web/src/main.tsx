import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth';
import { Layout } from './layout';
import { EventsPage } from './pages/events';
import './ui/tokens.css';
import './ui/ui.css';
import './styles.css';
import { Skeleton, ToastProvider } from './ui';

// Every page but the events list loads when it is first opened: the landing page carries only what it needs.
const BookingsPage = lazy(() => import('./pages/bookings').then((m) => ({ default: m.BookingsPage })));
const TicketsPage = lazy(() => import('./pages/tickets').then((m) => ({ default: m.TicketsPage })));
const DoorPage = lazy(() => import('./pages/door').then((m) => ({ default: m.DoorPage })));
const EventPage = lazy(() => import('./pages/event').then((m) => ({ default: m.EventPage })));
const LoginPage = lazy(() => import('./pages/account').then((m) => ({ default: m.LoginPage })));
const RegisterPage = lazy(() => import('./pages/account').then((m) => ({ default: m.RegisterPage })));
const InvitationsPage = lazy(() =>
  import('./pages/invitations').then((m) => ({ default: m.InvitationsPage })),
);
const NotificationsPage = lazy(() =>
  import('./pages/notifications').then((m) => ({ default: m.NotificationsPage })),
);
const WebhooksPage = lazy(() => import('./pages/webhooks').then((m) => ({ default: m.WebhooksPage })));
const OrganizerPage = lazy(() => import('./pages/organizer').then((m) => ({ default: m.OrganizerPage })));
const OrganizerEventPage = lazy(() =>
  import('./pages/organizer-event').then((m) => ({ default: m.OrganizerEventPage })),
);
const AccountPage = lazy(() => import('./pages/my-account').then((m) => ({ default: m.AccountPage })));
const RsvpPage = lazy(() => import('./pages/rsvp').then((m) => ({ default: m.RsvpPage })));
const WaitlistPage = lazy(() => import('./pages/waitlist').then((m) => ({ default: m.WaitlistPage })));

function App() {
  return (
    <AuthProvider>
      <ToastProvider>
        <Layout>
          <Suspense fallback={<Skeleton count={4} />}>
            <Routes>
              <Route path="/" element={<EventsPage />} />
              <Route path="/events/:id" element={<EventPage />} />
              <Route path="/login" element={<LoginPage />} />
              <Route path="/register" element={<RegisterPage />} />
              <Route path="/bookings" element={<BookingsPage />} />
              <Route path="/tickets" element={<TicketsPage />} />
              <Route path="/door/:eventId" element={<DoorPage />} />
              <Route path="/waitlist" element={<WaitlistPage />} />
              <Route path="/invitations" element={<InvitationsPage />} />
              <Route path="/notifications" element={<NotificationsPage />} />
              <Route path="/account" element={<AccountPage />} />
              <Route path="/rsvp/:token" element={<RsvpPage />} />
              <Route path="/organizer" element={<OrganizerPage />} />
              <Route path="/webhooks" element={<WebhooksPage />} />
              <Route path="/organizer/events/:id" element={<OrganizerEventPage />} />
              <Route
                path="*"
                element={
                  <section>
                    <h1>Page not found</h1>
                    <p>This page does not exist.</p>
                  </section>
                }
              />
            </Routes>
          </Suspense>
        </Layout>
      </ToastProvider>
    </AuthProvider>
  );
}

// The service worker keeps the pages and assets for use without the network (the door's scanner).
if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/sw.js');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <App />
    </BrowserRouter>
  </StrictMode>,
);
