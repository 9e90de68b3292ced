import { Link } from '../components/Link.tsx';
import { useTitle } from '../navigation.ts';
import { routeHref } from '../route.ts';

export function NotFoundPage({ path }: { path: string }) {
  useTitle('Not found');
  return (
    <>
      <h1>Not found</h1>
      <p>
        The dashboard has no page at <code>{path}</code>.{' '}
        <Link href={routeHref({ page: 'list', namespace: undefined })}>See every rollout</Link>.
      </p>
    </>
  );
}
