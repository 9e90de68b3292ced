import { useState } from 'preact/hooks';
import type { RolloutPage as RolloutPageData } from '../../contract.ts';
import { rolloutPath } from '../api.ts';
import { ActionsBar } from '../components/ActionsBar.tsx';
import { Link } from '../components/Link.tsx';
import { LiveIndicator } from '../components/LiveIndicator.tsx';
import { Notice, type NoticeMessage } from '../components/Notice.tsx';
import { Revisions } from '../components/Revisions.tsx';
import { RolloutHeader } from '../components/RolloutHeader.tsx';
import { StepList } from '../components/StepList.tsx';
import { TimelinePanel } from '../components/TimelinePanel.tsx';
import { TrafficPanel } from '../components/TrafficPanel.tsx';
import { useEventStream } from '../live.ts';
import { useTitle } from '../navigation.ts';
import { routeHref } from '../route.ts';

/** One rollout, live from its stream: header, actions, steps, revisions, traffic and timeline. */
export function RolloutPage({ namespace, name }: { namespace: string; name: string }) {
  useTitle(`${name} (${namespace})`);
  const live = useEventStream<RolloutPageData>(
    rolloutPath(namespace, name, 'stream'),
    'rollout',
    rolloutPath(namespace, name),
  );
  // An action's answer carries the page as the action left it; the stream's next event replaces it.
  const [answered, setAnswered] = useState<{ page: RolloutPageData; after: RolloutPageData | undefined }>();
  const [notice, setNotice] = useState<NoticeMessage>();
  const page = answered && answered.after === live.value ? answered.page : live.value;

  return (
    <>
      <nav aria-label="Breadcrumb" class="breadcrumb">
        <Link href={routeHref({ page: 'list', namespace: '' })}>Rollouts</Link> ›{' '}
        <Link href={routeHref({ page: 'list', namespace })}>{namespace}</Link> › <span aria-current="page">{name}</span>
      </nav>
      <div class="page-heading">
        <h1 data-testid="rollout-name">{name}</h1>
        <LiveIndicator state={live.state} />
      </div>
      {live.gone && (
        <p role="alert" class="notice notice-error" data-testid="rollout-gone">
          This rollout was deleted.
        </p>
      )}
      {live.error && (
        <p role="alert" class="notice notice-error" data-testid="stream-error">
          {live.error}
        </p>
      )}
      {page === undefined ? (
        !live.error && <p aria-busy="true">Loading the rollout…</p>
      ) : (
        <>
          <RolloutHeader view={page.view} />
          <ActionsBar
            namespace={namespace}
            name={name}
            page={page}
            onResult={(result) => {
              setAnswered({ page: result.page, after: live.value });
              setNotice({ kind: 'success', text: result.message });
            }}
            onError={(message) => setNotice({ kind: 'error', text: message })}
            onStart={() => setNotice(undefined)}
          />
          <Notice notice={notice} />
          <div class="columns">
            <StepList steps={page.steps} strategy={page.view.strategy} />
            <TimelinePanel namespace={namespace} name={name} version={page} />
          </div>
          <TrafficPanel namespace={namespace} name={name} />
          <Revisions namespace={namespace} rollout={name} revisions={page.view.revisions} hidden={page.hidden ?? []} />
        </>
      )}
    </>
  );
}
