import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { describe, fieldErrors, users } from '../api/client';
import { useAuth } from '../auth';
import { fieldText } from '../form';
import { Alert, Button, Card, TextField } from '../ui';

export function LoginPage() {
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    const failure = await signIn(fieldText(form, 'email'), fieldText(form, 'password'));
    setBusy(false);
    if (failure) setError(describe(failure));
    else void navigate('/');
  };
  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <Card>
        <form onSubmit={(e) => void submit(e)} className="form">
          <TextField label="Email" type="email" name="email" required autoComplete="email" />
          <TextField
            label="Password"
            type="password"
            name="password"
            required
            autoComplete="current-password"
          />
          {error && <Alert>{error}</Alert>}
          <Button type="submit" variant="primary" disabled={busy}>
            Sign in
          </Button>
        </form>
      </Card>
    </section>
  );
}

export function RegisterPage() {
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = fieldText(form, 'email');
    const password = fieldText(form, 'password');
    const role = form.get('organizer') ? 'organizer' : 'customer';
    setBusy(true);
    const { error: failure } = await users.POST('/api/v1/auth/register', {
      body: { email, password, fullName: fieldText(form, 'fullName'), role },
    });
    if (failure) {
      setBusy(false);
      setFields(fieldErrors(failure));
      return setError(describe(failure));
    }
    const signInFailure = await signIn(email, password);
    setBusy(false);
    if (signInFailure) return setError(describe(signInFailure));
    void navigate('/');
  };
  const errorOf = (field: string) => fields[field]?.join(' ');
  return (
    <section className="narrow">
      <h1>Create an account</h1>
      <Card>
        <form onSubmit={(e) => void submit(e)} className="form">
          <TextField
            label="Full name"
            name="fullName"
            required
            autoComplete="name"
            error={errorOf('fullName')}
          />
          <TextField
            label="Email"
            type="email"
            name="email"
            required
            autoComplete="email"
            error={errorOf('email')}
          />
          <TextField
            label="Password"
            type="password"
            name="password"
            required
            minLength={8}
            autoComplete="new-password"
            hint="At least 8 characters"
            error={errorOf('password')}
          />
          <label className="checkbox">
            <input type="checkbox" name="organizer" /> I organize events
          </label>
          {error && <Alert>{error}</Alert>}
          <Button type="submit" variant="primary" disabled={busy}>
            Register
          </Button>
        </form>
      </Card>
    </section>
  );
}
