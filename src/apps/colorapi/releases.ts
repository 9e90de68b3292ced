// The colorapi's three releases: 1.0 and 2.0 are healthy (red, blue), 3.0 is the broken one.

export interface Release {
  color: string;
  status: 'ok' | 'nok';
}

export const RELEASES: Readonly<Record<string, Release>> = {
  '1.0': { color: 'red', status: 'ok' },
  '2.0': { color: 'blue', status: 'ok' },
  '3.0': { color: 'black', status: 'nok' },
};
