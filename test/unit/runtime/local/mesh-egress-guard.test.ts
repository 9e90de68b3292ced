// Which hosts outside the mesh the containers' gateway passes a request on to: any but this
// machine, judged on every address the name resolves to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkEgress,
  decideEgress,
  hostAddressReason,
  type ResolvedAddress,
} from '../../../../src/runtime/local/mesh/egress-guard.ts';

const own = ['127.0.0.1', '::1', '192.0.2.2', 'fd00::2', 'fe80::fc:ff:fe00:1%eth0', '172.17.0.1'];
const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const v6 = (address: string): ResolvedAddress => ({ address, family: 6 });

test("refuses this machine's addresses, whatever their notation", () => {
  for (const address of [
    '127.0.0.1',
    '127.9.8.7',
    '::1',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '169.254.169.254',
    '169.254.0.1',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    '0.0.0.0',
    '0.1.2.3',
    '::',
    '192.0.2.2',
    '::ffff:192.0.2.2',
    'fd00::2',
    'fd00:0:0:0:0:0:0:2',
    '172.17.0.1',
    'not-an-address',
  ])
    assert.ok(hostAddressReason(address, own), address);
});

test('allows addresses that are not this machine', () => {
  for (const address of [
    '93.184.216.34',
    '192.0.2.3',
    '172.17.0.2',
    '10.0.0.5',
    '128.0.0.1',
    '169.255.0.1',
    'fd00::3',
    '2606:2800:220:1::1',
    'fec0::1',
    '::ffff:93.184.216.34',
  ])
    assert.equal(hostAddressReason(address, own), undefined, address);
});

test('the interface addresses are the ones given, not a fixed list', () => {
  assert.ok(hostAddressReason('10.88.0.1', ['10.88.0.1']));
  assert.equal(hostAddressReason('10.88.0.1', own), undefined);
});

test('a name is refused when any of its addresses is this machine, and allowed to its first address', () => {
  assert.deepEqual(decideEgress('api.example', [v4('93.184.216.34'), v6('2606:2800:220:1::1')], own), {
    kind: 'allowed',
    to: v4('93.184.216.34'),
  });
  const mixed = decideEgress('api.example', [v4('93.184.216.34'), v4('127.0.0.1')], own);
  assert.equal(mixed.kind, 'refused');
  assert.match(
    mixed.kind === 'refused' ? mixed.reason : '',
    /'api\.example' resolves to 127\.0\.0\.1, a loopback address/,
  );
  assert.equal(decideEgress('api.example', [v6('::1'), v4('93.184.216.34')], own).kind, 'refused');
  assert.match(JSON.stringify(decideEgress('empty.example', [], own)), /resolves to no address/);
});

test('the name is looked up once, with IPv6 brackets dropped; a failed lookup says so', async () => {
  const asked: string[] = [];
  const lookup = async (name: string) => {
    asked.push(name);
    return [v6('2606:2800:220:1::1')];
  };
  const decision = await checkEgress('[2606:2800:220:1::1]', { lookup, interfaceAddresses: () => own });
  assert.deepEqual(decision, { kind: 'allowed', to: v6('2606:2800:220:1::1') });
  assert.deepEqual(asked, ['2606:2800:220:1::1']);
  const failed = await checkEgress('nowhere.invalid', {
    lookup: async () => {
      throw new Error('getaddrinfo ENOTFOUND nowhere.invalid');
    },
  });
  assert.deepEqual(failed, {
    kind: 'unresolved',
    reason: "host 'nowhere.invalid' does not resolve: getaddrinfo ENOTFOUND nowhere.invalid",
  });
});

test("by default, localhost and this machine's interface addresses are refused", async () => {
  assert.equal((await checkEgress('localhost')).kind, 'refused');
  assert.equal((await checkEgress('127.0.0.1')).kind, 'refused');
  const os = await import('node:os');
  for (const entries of Object.values(os.networkInterfaces()))
    for (const { address } of entries ?? []) assert.equal((await checkEgress(address)).kind, 'refused', address);
});
