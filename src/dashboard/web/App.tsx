import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Session } from '../contract.ts';
import { getSession, login, setUnauthorizedHandler } from './api.ts';
import { AppHeader } from './components/AppHeader.tsx';
import { useLocation } from './navigation.ts';
import { AnalysisRunPage } from './pages/AnalysisRunPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { RolloutListPage } from './pages/RolloutListPage.tsx';
import { RolloutPage } from './pages/RolloutPage.tsx';
import { parseRoute, tokenFromHash } from './route.ts';

type SessionState =
  | { phase: 'loading' }
  | { phase: 'ready'; session: Session; loginError?: string }
  | { phase: 'failed'; message: string };

/** Logs in with the address's `#token=` if there is one (and takes it out of the address bar), then reads the session. */
async function startSession(): Promise<{ session: Session; loginError?: string }> {
  const token = tokenFromHash(location.hash);
  if (token) {
    history.replaceState(null, '', location.pathname + location.search);
    try {
      return { session: await login(token) };
    } catch (error) {
      const session = await getSession();
      return { session, loginError: (error as Error).message };
    }
  }
  return { session: await getSession() };
}

export function App() {
  const [state, setState] = useState<SessionState>({ phase: 'loading' });
  const { pathname, search } = useLocation();

  const refresh = useCallback(() => {
    getSession().then(
      (session) => setState({ phase: 'ready', session }),
      (error: Error) => setState({ phase: 'failed', message: error.message }),
    );
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(refresh);
    const start = () => {
      startSession().then(
        ({ session, loginError }) =>
          setState(loginError ? { phase: 'ready', session, loginError } : { phase: 'ready', session }),
        (error: Error) => setState({ phase: 'failed', message: error.message }),
      );
    };
    start();
    // The printed address pasted into a tab that already shows the dashboard changes only the fragment.
    const onHash = () => {
      if (tokenFromHash(location.hash)) start();
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [refresh]);

  if (state.phase === 'loading')
    return (
      <main id="main" class="page">
        <p aria-busy="true">Loading…</p>
      </main>
    );
  if (state.phase === 'failed')
    return (
      <main id="main" class="page">
        <h1>sluice dashboard</h1>
        <p role="alert" class="notice notice-error">
          {state.message}
        </p>
        <button type="button" onClick={refresh}>
          Try again
        </button>
      </main>
    );

  const { session } = state;
  if (!session.authenticated)
    return (
      <LoginPage
        session={session}
        initialError={state.loginError}
        onLogin={(next) => setState({ phase: 'ready', session: next })}
      />
    );

  const route = parseRoute(pathname, search);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <AppHeader session={session} onLogout={refresh} />
      <main id="main" class="page" tabIndex={-1}>
        {route.page === 'list' && (
          <RolloutListPage namespace={route.namespace ?? session.defaultNamespace} initialQuery={route.query ?? ''} />
        )}
        {route.page === 'rollout' && <RolloutPage key={`${route.namespace}/${route.name}`} {...route} />}
        {route.page === 'analysisrun' && <AnalysisRunPage key={`${route.namespace}/${route.name}`} {...route} />}
        {route.page === 'not-found' && <NotFoundPage path={route.path} />}
      </main>
    </>
  );
}
