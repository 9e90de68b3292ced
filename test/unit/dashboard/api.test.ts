import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiErrorMessage, apiPath, rolloutPath } from '../../../src/dashboard/web/api.ts';

describe('dashboard API paths and errors', () => {
  it('encodes each segment of a path', () => {
    assert.equal(apiPath('rollouts', 'stream'), '/api/v1/rollouts/stream');
    assert.equal(
      rolloutPath('shop', 'web/evil', 'actions', 'promote-full'),
      '/api/v1/namespaces/shop/rollouts/web%2Fevil/actions/promote-full',
    );
  });

  it('reads the message of an ApiError, and nothing else', () => {
    const refused = { error: { status: 403, reason: 'Forbidden', message: 'user alice may not patch rollouts' } };
    assert.equal(apiErrorMessage(JSON.stringify(refused)), 'user alice may not patch rollouts');
    assert.equal(apiErrorMessage('{"error": "plain"}'), undefined);
    assert.equal(apiErrorMessage('{"message": "x"}'), undefined);
    assert.equal(apiErrorMessage('not json'), undefined);
    assert.equal(apiErrorMessage('null'), undefined);
  });
});
