// The words of listenError for each failure, including those a test cannot cause on every machine
// (a privileged port when running as root, a host name that does not resolve).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listenError } from '../../../src/platform/listen.ts';

function systemError(code: string, message = `listen ${code}`): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe('listenError', () => {
  const target = {
    what: 'the metrics server',
    host: '0.0.0.0',
    port: 8090,
    portHint: 'choose another with --metrics-port',
  };
  const cases: Array<[string, NodeJS.ErrnoException, typeof target | Omit<typeof target, 'portHint'>, string]> = [
    [
      'a port in use',
      systemError('EADDRINUSE'),
      target,
      'the metrics server cannot listen on 0.0.0.0:8090: the port is in use; choose another with --metrics-port',
    ],
    [
      'a port that needs privileges',
      systemError('EACCES'),
      { ...target, port: 443 },
      'the metrics server cannot listen on 0.0.0.0:443: this user may not listen on port 443 (ports below 1024 need privileges); choose another with --metrics-port',
    ],
    [
      'a refused port above 1024',
      systemError('EACCES'),
      { what: 'x', host: '127.0.0.1', port: 8090 },
      'x cannot listen on 127.0.0.1:8090: this user may not listen on port 8090; choose another port',
    ],
    [
      'an address not of this machine',
      systemError('EADDRNOTAVAIL'),
      { ...target, host: '10.9.9.9' },
      'the metrics server cannot listen on 10.9.9.9:8090: 10.9.9.9 is not an address of this machine; use one of its addresses (127.0.0.1 for this machine only, 0.0.0.0 for all its interfaces)',
    ],
    [
      'a host name that does not resolve',
      systemError('ENOTFOUND'),
      { ...target, host: 'nowhere.invalid' },
      'the metrics server cannot listen on nowhere.invalid:8090: cannot resolve the host name "nowhere.invalid"; use an IP address or a name this machine resolves',
    ],
    [
      'any other failure',
      systemError('EMFILE', 'too many open files'),
      target,
      'the metrics server cannot listen on 0.0.0.0:8090: too many open files',
    ],
    [
      'an IPv6 host',
      systemError('EADDRINUSE'),
      { ...target, host: 'fe80::1' },
      'the metrics server cannot listen on [fe80::1]:8090: the port is in use; choose another with --metrics-port',
    ],
  ];
  for (const [name, error, at, message] of cases) {
    it(`describes ${name}`, () => {
      const described = listenError(error, at);
      assert.equal(described.message, message);
      assert.equal(described.code, error.code);
      assert.equal(described.cause, error);
    });
  }
});
