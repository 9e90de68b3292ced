import { useEffect, useRef, useState } from 'preact/hooks';
import type { RolloutList } from '../../contract.ts';
import { apiPath, getJson } from '../api.ts';
import { LiveIndicator } from '../components/LiveIndicator.tsx';
import { NamespaceField } from '../components/NamespaceField.tsx';
import { RolloutTable } from '../components/RolloutTable.tsx';
import { filterRows, namespacesOf, sortRows } from '../format.ts';
import { useEventStream } from '../live.ts';
import { navigate, useTitle } from '../navigation.ts';
import { routeHref } from '../route.ts';

/** Every rollout (or those of one namespace), live from the rollouts stream. */
export function RolloutListPage({ namespace, initialQuery }: { namespace: string; initialQuery: string }) {
  useTitle(namespace ? `Rollouts in ${namespace}` : 'Rollouts');
  const [query, setQuery] = useState(initialQuery);
  // The address keeps the search, so going back to the list finds it as it was.
  const search = (text: string) => {
    setQuery(text);
    navigate(routeHref({ page: 'list', namespace, ...(text.trim() ? { query: text } : {}) }), { replace: true });
  };
  const filter = namespace ? `?namespace=${encodeURIComponent(namespace)}` : '';
  const live = useEventStream<RolloutList>(
    `${apiPath('rollouts', 'stream')}${filter}`,
    'rollouts',
    `${apiPath('rollouts')}${filter}`,
  );
  // The namespaces offered: those seen on the unfiltered list, plus the one chosen.
  const known = useRef(new Set<string>());
  const [, setSeen] = useState(0);
  // Opened on one namespace: the others come from one read of the whole list (refused: only this one).
  useEffect(() => {
    if (!namespace || known.current.size > 1) return;
    getJson<RolloutList>(apiPath('rollouts')).then(
      (all) => {
        for (const name of namespacesOf(all.rows)) known.current.add(name);
        setSeen((count) => count + 1);
      },
      () => {},
    );
  }, [namespace]);
  const list = live.value;
  if (list && !namespace) for (const name of namespacesOf(list.rows)) known.current.add(name);
  if (namespace) known.current.add(namespace);
  const namespaces = [...known.current].sort();
  const rows = list ? filterRows(sortRows(list.rows), list.images, query) : [];

  return (
    <>
      <div class="page-heading">
        <h1>Rollouts</h1>
        <LiveIndicator state={live.state} />
      </div>
      <search>
        <form class="filters" onSubmit={(event) => event.preventDefault()}>
          <NamespaceField
            namespace={namespace}
            namespaces={namespaces}
            onChoose={(next) =>
              navigate(routeHref({ page: 'list', namespace: next, ...(query.trim() ? { query } : {}) }), {
                keepFocus: true,
              })
            }
          />
          <div class="field grow">
            <label for="search">Search</label>
            <input
              id="search"
              type="search"
              placeholder="name, namespace, status or image"
              data-testid="rollout-search"
              value={query}
              onInput={(event) => search(event.currentTarget.value)}
            />
          </div>
        </form>
      </search>
      {live.error && (
        <p role="alert" class="notice notice-error" data-testid="stream-error">
          {live.error}
        </p>
      )}
      {list === undefined ? (
        !live.error && <p aria-busy="true">Loading the rollouts…</p>
      ) : (
        <>
          <p class="muted" aria-live="polite" data-testid="rollout-count">
            {rows.length === list.rows.length
              ? `${list.rows.length} rollout${list.rows.length === 1 ? '' : 's'}`
              : `${rows.length} of ${list.rows.length} rollouts match`}
            {namespace ? ` in ${namespace}` : ''}
          </p>
          {rows.length > 0 ? (
            <RolloutTable rows={rows} images={list.images} />
          ) : (
            <p data-testid="rollout-list-empty">
              {list.rows.length === 0 ? 'No rollouts here yet.' : 'No rollout matches the search.'}
            </p>
          )}
        </>
      )}
    </>
  );
}
