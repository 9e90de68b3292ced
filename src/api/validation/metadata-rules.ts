// Rules on metadata shared by every kind.
import type { KnownObject } from '../types/index.ts';
import type { Finding } from './finding.ts';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function metadataFindings(object: KnownObject): Finding[] {
  const metadata = object.metadata ?? {};
  const name = metadata.name;
  if (name === undefined || name === '') {
    if (metadata.generateName) return [];
    return [{ path: ['metadata', 'name'], message: `a ${object.kind} needs metadata.name (or metadata.generateName)` }];
  }
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    return [
      {
        path: ['metadata', 'name'],
        message: `"${name}" is not a valid name: use lower case letters, digits, "-" and ".", starting and ending with a letter or digit`,
      },
    ];
  }
  return [];
}
