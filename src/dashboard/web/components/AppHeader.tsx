import type { Session } from '../../contract.ts';
import { logout } from '../api.ts';
import { Link } from './Link.tsx';
import { routeHref } from '../route.ts';

/** The bar on every page: home, what the dashboard is connected to, who is logged in, log out. */
export function AppHeader({ session, onLogout }: { session: Session; onLogout: () => void }) {
  return (
    <header class="app-header">
      <Link href={routeHref({ page: 'list', namespace: undefined })} class="brand">
        sluice
      </Link>
      <span class="target" data-testid="session-target">
        {session.target}
      </span>
      {session.user && (
        <span class="user" data-testid="session-user">
          as <strong>{session.user}</strong>
        </span>
      )}
      <button
        type="button"
        class="secondary"
        onClick={() => {
          logout().then(onLogout, onLogout);
        }}
      >
        Log out
      </button>
    </header>
  );
}
