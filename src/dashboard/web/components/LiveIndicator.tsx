import type { LiveState } from '../live.ts';

const TEXT: Record<LiveState, string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  closed: 'disconnected',
};

/** Whether the page follows the server's changes right now. */
export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <span class={`live live-${state}`} data-testid="live-indicator" data-state={state} role="status">
      <span class="live-dot" aria-hidden="true" />
      {TEXT[state]}
    </span>
  );
}
