import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link, Route, Routes, useNavigate } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth';
import { BookingsPage } from './pages/bookings';
import { EventPage } from './pages/event';
import { EventsPage } from './pages/events';
import { LoginPage, RegisterPage } from './pages/account';
import { InvitationsPage } from './pages/invitations';
import { NotificationsPage } from './pages/notifications';
import { isOrganizer, OrganizerPage } from './pages/organizer';
import { OrganizerEventPage } from './pages/organizer-event';
import { RsvpPage } from './pages/rsvp';
import { WaitlistPage } from './pages/waitlist';
import './styles.css';

function Header() {
  const { me, signOut } = useAuth();
  const navigate = useNavigate();
  return (
    <header>
      <Link to="/" className="brand">
        Evently
      </Link>
      <nav>
        <Link to="/">Events</Link>
        {me ? (
          <>
            <Link to="/bookings">My bookings</Link>
            <Link to="/waitlist">Waiting lists</Link>
            <Link to="/invitations">Invitations</Link>
            <Link to="/notifications">Notifications</Link>
            {isOrganizer(me.role) && <Link to="/organizer">Organizer</Link>}
            <span className="who" data-testid="who">
              {me.fullName}
            </span>
            <button
              type="button"
              onClick={() => {
                void signOut().then(() => navigate('/'));
              }}
            >
              Sign out
            </button>
          </>
        ) : (
          <>
            <Link to="/login">Sign in</Link>
            <Link to="/register">Register</Link>
          </>
        )}
      </nav>
    </header>
  );
}

function App() {
  return (
    <AuthProvider>
      <Header />
      <main>
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
          <Route path="*" element={<p role="alert">This page does not exist.</p>} />
        </Routes>
      </main>
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
