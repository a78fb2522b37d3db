import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, NavLink, useLocation, useNavigate } from 'react-router-dom';
import { isOrganizer, useAuth } from './auth';
import { Button } from './ui';

/** The site's header: brand, navigation (a menu on narrow screens), who is signed in. */
function Header() {
  const { me, signOut } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  // A navigation closes the menu.
  useEffect(() => setOpen(false), [location.pathname]);
  const links: [string, string][] = me
    ? [
        ['/', 'Events'],
        ['/bookings', 'My bookings'],
        ['/tickets', 'My tickets'],
        ['/waitlist', 'Waiting lists'],
        ['/invitations', 'Invitations'],
        ['/notifications', 'Notifications'],
        ...(isOrganizer(me.role)
          ? ([
              ['/organizer', 'Organizer'],
              ['/webhooks', 'Webhooks'],
            ] as [string, string][])
          : []),
        ['/account', 'Account'],
      ]
    : [
        ['/', 'Events'],
        ['/login', 'Sign in'],
        ['/register', 'Register'],
      ];
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to="/" className="brand">
          Evently
        </Link>
        <button
          type="button"
          className="menu-button"
          aria-expanded={open}
          aria-controls="site-nav"
          onClick={() => setOpen(!open)}
        >
          Menu
        </button>
        <nav id="site-nav" aria-label="Main" className={open ? 'site-nav open' : 'site-nav'}>
          {links.map(([to, label]) => (
            <NavLink key={to} to={to} end={to === '/'}>
              {label}
            </NavLink>
          ))}
          {me && (
            <span className="who-box">
              <span className="who" data-testid="who">
                {me.fullName}
              </span>
              <Button size="small" variant="ghost" onClick={() => void signOut().then(() => navigate('/'))}>
                Sign out
              </Button>
            </span>
          )}
        </nav>
      </div>
    </header>
  );
}

/**
 * The frame of every page: a skip link first, the header, and the main region. On every navigation focus
 * moves to the new page's heading, so a screen reader announces where the person is.
 */
export function Layout({ children }: { children: ReactNode }) {
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // The page renders its heading at once, or once its data arrives: watch for it for up to 3 s.
    const region = main.current;
    if (!region) return;
    const focusHeading = () => {
      const heading = region.querySelector('h1');
      if (!heading) return false;
      heading.setAttribute('tabindex', '-1');
      heading.focus();
      return true;
    };
    if (focusHeading()) return;
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(region, { childList: true, subtree: true });
    const giveUp = setTimeout(() => observer.disconnect(), 3000);
    return () => {
      observer.disconnect();
      clearTimeout(giveUp);
    };
  }, [location.pathname]);
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Header />
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
