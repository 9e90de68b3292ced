export interface NoticeMessage {
  kind: 'success' | 'error';
  text: string;
}

/**
 * The outcome of an action, in a live region screen readers announce: role=status for a result,
 * role=alert for a refusal or failure. Always rendered, so the region exists before it speaks.
 */
export function Notice({ notice }: { notice: NoticeMessage | undefined }) {
  return (
    <div class="notices">
      <div role="status" class="notice notice-success" data-testid="action-result" hidden={notice?.kind !== 'success'}>
        {notice?.kind === 'success' ? notice.text : ''}
      </div>
      <div role="alert" class="notice notice-error" data-testid="action-error" hidden={notice?.kind !== 'error'}>
        {notice?.kind === 'error' ? notice.text : ''}
      </div>
    </div>
  );
}
