import { useState } from 'preact/hooks';
import type { Session } from '../../contract.ts';
import { login } from '../api.ts';
import { useTitle } from '../navigation.ts';

/** Asks for the token: the one `sluice dashboard` printed, or (in a cluster) a Kubernetes bearer token. */
export function LoginPage({
  session,
  initialError,
  onLogin,
}: {
  session: Session;
  initialError: string | undefined;
  onLogin: (session: Session) => void;
}) {
  useTitle('Log in');
  const [token, setToken] = useState('');
  const [error, setError] = useState(initialError ?? '');
  const [busy, setBusy] = useState(false);
  const kubernetes = session.login === 'kubernetes-token';

  const submit = (event: Event) => {
    event.preventDefault();
    if (token.trim() === '') {
      setError('Enter a token first.');
      return;
    }
    setBusy(true);
    setError('');
    login(token.trim()).then(
      (next) => {
        setBusy(false);
        if (next.authenticated) onLogin(next);
        else setError('The server did not accept the token.');
      },
      (failure: Error) => {
        setBusy(false);
        setError(failure.message);
      },
    );
  };

  return (
    <main id="main" class="page login">
      <h1>Log in to the sluice dashboard</h1>
      <p class="muted" data-testid="session-target">
        {session.target}
      </p>
      <form onSubmit={submit} class="login-form" aria-describedby="login-help">
        <label for="token">{kubernetes ? 'Kubernetes bearer token' : 'Dashboard token'}</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellcheck={false}
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
          aria-invalid={error !== ''}
          aria-describedby={error ? 'login-error' : undefined}
          data-testid="login-token"
        />
        <button type="submit" disabled={busy} data-testid="login-submit">
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p id="login-error" role="alert" class="notice notice-error" hidden={error === ''} data-testid="login-error">
        {error}
      </p>
      <div id="login-help" class="help">
        {kubernetes ? (
          <p>
            Every read and action is made as the token's user, so Kubernetes RBAC decides what you may do. Get a token
            for a service account with <code>kubectl create token &lt;serviceaccount&gt; -n &lt;namespace&gt;</code>.
          </p>
        ) : (
          <p>
            <code>sluice dashboard</code> prints the address with its token when it starts; open that address, or paste
            the token here.
          </p>
        )}
      </div>
    </main>
  );
}
