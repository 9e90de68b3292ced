// The rollout controller started over the fake client, as the controller's unit tests run it: its
// own informers, the Istio v1beta1 resources, the system's timers; failed passes and log lines kept.
import type { ListWatchClient } from '../../../../../src/platform/kubernetes/client/interfaces.ts';
import { systemTimers } from '../../../../../src/platform/kubernetes/client/timers.ts';
import type { FakeKubeClient } from '../../../../../src/platform/kubernetes/fake/fake-client.ts';
import { SharedInformerFactory } from '../../../../../src/platform/kubernetes/informers/informer-factory.ts';
import { rolloutInformers } from '../../../../../src/runtime/kubernetes/controller.ts';
import { istioResources } from '../../../../../src/runtime/kubernetes/resources.ts';
import {
  type EventRecorder,
  kubeEventRecorder,
} from '../../../../../src/runtime/kubernetes/rollouts/event-recorder.ts';
import { RolloutController } from '../../../../../src/runtime/kubernetes/rollouts/rollout-controller.ts';

export interface FakeControllerOptions {
  /** 'shop' unless given. */
  namespace?: string;
  /** What the informers list and watch through (the client itself unless given). */
  listWatch?: ListWatchClient;
  shareStrings?: boolean;
  /** The Event recorder, given the function that keeps its errors (the client's recorder unless given). */
  events?: (report: (error: Error) => void) => EventRecorder;
  workers?: number;
}

export interface FakeController {
  controller: RolloutController;
  /** Event write errors and log lines of failed passes. */
  errors: string[];
  lines: string[];
  stop: () => Promise<void>;
}

export function startFakeController(client: FakeKubeClient, options: FakeControllerOptions = {}): FakeController {
  const informers = new SharedInformerFactory(options.listWatch ?? client, {
    namespace: options.namespace ?? 'shop',
    ...(options.shareStrings !== undefined ? { shareStrings: options.shareStrings } : {}),
  });
  const istio = istioResources('v1beta1');
  const errors: string[] = [];
  const lines: string[] = [];
  const report = (error: Error): void => void errors.push(error.message);
  const controller = new RolloutController({
    client,
    informers: rolloutInformers(informers, undefined, istio),
    istio,
    events: options.events ? options.events(report) : kubeEventRecorder(client, report),
    timers: systemTimers,
    workers: options.workers ?? 2,
    log: (line) => {
      lines.push(line);
      if (/failed/.test(line)) errors.push(line);
    },
  });
  controller.start();
  informers.start();
  return {
    controller,
    errors,
    lines,
    stop: async () => {
      await controller.stop();
      await informers.stop();
    },
  };
}
