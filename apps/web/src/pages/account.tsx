import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { describe, users } from '../api/client';
import { useAuth } from '../auth';
import { fieldText } from '../form';

export function LoginPage() {
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const failure = await signIn(fieldText(form, 'email'), fieldText(form, 'password'));
    if (failure) setError(describe(failure));
    else void navigate('/');
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="card">
      <h1>Sign in</h1>
      <label>
        Email <input type="email" name="email" required autoComplete="email" />
      </label>
      <label>
        Password <input type="password" name="password" required autoComplete="current-password" />
      </label>
      {error && <p role="alert">{error}</p>}
      <button type="submit">Sign in</button>
    </form>
  );
}

export function RegisterPage() {
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = fieldText(form, 'email');
    const password = fieldText(form, 'password');
    const role = form.get('organizer') ? 'organizer' : 'customer';
    const { error: failure } = await users.POST('/api/v1/auth/register', {
      body: { email, password, fullName: fieldText(form, 'fullName'), role },
    });
    if (failure) return setError(describe(failure));
    const signInFailure = await signIn(email, password);
    if (signInFailure) return setError(describe(signInFailure));
    void navigate('/');
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="card">
      <h1>Create an account</h1>
      <label>
        Full name <input name="fullName" required autoComplete="name" />
      </label>
      <label>
        Email <input type="email" name="email" required autoComplete="email" />
      </label>
      <label>
        Password <input type="password" name="password" required minLength={8} autoComplete="new-password" />
      </label>
      <label className="inline">
        <input type="checkbox" name="organizer" /> I organize events
      </label>
      {error && <p role="alert">{error}</p>}
      <button type="submit">Register</button>
    </form>
  );
}
