import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AuthProvider } from './auth';
import { Layout } from './layout';
import { BookingsPage } from './pages/bookings';
import { EventPage } from './pages/event';
import { EventsPage } from './pages/events';
import { LoginPage, RegisterPage } from './pages/account';
import { InvitationsPage } from './pages/invitations';
import { NotificationsPage } from './pages/notifications';
import { OrganizerPage } from './pages/organizer';
import { OrganizerEventPage } from './pages/organizer-event';
import { RsvpPage } from './pages/rsvp';
import { WaitlistPage } from './pages/waitlist';
import './ui/tokens.css';
import './ui/ui.css';
import './styles.css';
import { ToastProvider } from './ui';

function App() {
  return (
    <AuthProvider>
      <ToastProvider>
        <Layout>
          <Routes>
            <Route path="/" element={<EventsPage />} />
            <Route path="/events/:id" element={<EventPage />} />
            <Route path="/login" element={<LoginPage />} />
            <Route path="/register" element={<RegisterPage />} />
            <Route path="/bookings" element={<BookingsPage />} />
            <Route path="/waitlist" element={<WaitlistPage />} />
            <Route path="/invitations" element={<InvitationsPage />} />
            <Route path="/notifications" element={<NotificationsPage />} />
            <Route path="/rsvp/:token" element={<RsvpPage />} />
            <Route path="/organizer" element={<OrganizerPage />} />
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
        </Layout>
      </ToastProvider>
    </AuthProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <App />
    </BrowserRouter>
  </StrictMode>,
);
