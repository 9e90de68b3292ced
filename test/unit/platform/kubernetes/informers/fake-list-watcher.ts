// A scripted API for reflector and informer tests: lists answer from a queue (or the current
// objects), watches are handles the test drives.
import { errorFromStatus, KubeConnectionError } from '../../../../../src/platform/kubernetes/client/errors.ts';
import type { KubeObject } from '../../../../../src/platform/kubernetes/client/objects.ts';
import type { Watch, WatchEnd } from '../../../../../src/platform/kubernetes/client/watch.ts';
import type { WatchEvent } from '../../../../../src/platform/kubernetes/client/watch-events.ts';
import type { ListWatcher } from '../../../../../src/platform/kubernetes/informers/list-watcher.ts';

export function obj(name: string, resourceVersion: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'demo', resourceVersion, ...extra } };
}

export class FakeWatch implements Watch {
  readonly resourceVersion: string;
  readonly #onEvent: (event: WatchEvent<KubeObject>) => void;
  #end: (end: WatchEnd) => void = () => {};
  readonly ended: Promise<WatchEnd>;
  stopped = false;

  constructor(resourceVersion: string, onEvent: (event: WatchEvent<KubeObject>) => void) {
    this.resourceVersion = resourceVersion;
    this.#onEvent = onEvent;
    this.ended = new Promise((resolve) => (this.#end = resolve));
  }

  emit(event: WatchEvent<KubeObject>): void {
    this.#onEvent(event);
  }

  close(): void {
    this.#end({ reason: 'closed' });
  }

  fail(error: Error): void {
    this.#end({ reason: 'error', error });
  }

  stop(): void {
    this.stopped = true;
    this.#end({ reason: 'stopped' });
  }
}

type ListAnswer = { items: KubeObject[]; resourceVersion: string } | Error;
type WatchAnswer = 'open' | Error;

export class FakeListWatcher implements ListWatcher<KubeObject> {
  readonly description = 'configmaps in namespace demo';
  readonly listAnswers: ListAnswer[] = [];
  readonly watchAnswers: WatchAnswer[] = [];
  readonly watches: FakeWatch[] = [];
  listCalls = 0;

  list(): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    this.listCalls += 1;
    const answer = this.listAnswers.shift() ?? { items: [], resourceVersion: '1' };
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }

  watch(resourceVersion: string, onEvent: (event: WatchEvent<KubeObject>) => void): Promise<Watch> {
    const answer = this.watchAnswers.shift() ?? 'open';
    if (answer instanceof Error) {
      this.watches.push(new FakeWatch(resourceVersion, () => {}));
      return Promise.reject(answer);
    }
    const watch = new FakeWatch(resourceVersion, onEvent);
    this.watches.push(watch);
    return Promise.resolve(watch);
  }

  get lastWatch(): FakeWatch {
    const watch = this.watches.at(-1);
    if (watch === undefined) throw new Error('no watch was opened');
    return watch;
  }
}

export const gone = (): Error =>
  errorFromStatus(410, { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' });
export const reset = (): Error => new KubeConnectionError('socket hang up', { code: 'ECONNRESET' });
