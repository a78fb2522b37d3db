import { Link } from 'react-router-dom';

/** A personal page seen signed out: its heading, and a way in. */
export function SignedOut({ title, what }: { title: string; what: string }) {
  return (
    <section>
      <h1>{title}</h1>
      <p>
        <Link to="/login">Sign in</Link> to {what}.
      </p>
    </section>
  );
}
