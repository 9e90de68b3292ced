// core/v1 Events about an object, with the engine's reasons (Argo's): RolloutUpdated,
// RolloutStepCompleted, RolloutPaused, TrafficWeightUpdated, ... An Event that cannot be written is
// reported and dropped: it never fails a reconcile.
import { formatTimestamp } from '../../../engine/core/time.ts';
import type { RolloutEvent } from '../../../engine/types.ts';
import type { KubeClient } from '../client/client.ts';
import type { KubeObject } from '../client/objects.ts';
import { coreResources } from '../client/resources.ts';

/** The component Argo Rollouts reports its events as; tools filter on it. */
export const EVENT_SOURCE_COMPONENT = 'rollouts-controller';

export interface EventRecorder {
  record(object: KubeObject, event: RolloutEvent, now: number): Promise<void>;
}

export function kubeEventRecorder(client: KubeClient, onError: (error: Error) => void): EventRecorder {
  return {
    async record(object, event, now) {
      const namespace = object.metadata.namespace ?? 'default';
      const at = formatTimestamp(now);
      const body: KubeObject = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { generateName: `${object.metadata.name ?? 'object'}.`, namespace },
        involvedObject: {
          apiVersion: object.apiVersion,
          kind: object.kind,
          name: object.metadata.name,
          namespace,
          uid: object.metadata.uid,
          resourceVersion: object.metadata.resourceVersion,
        },
        reason: event.reason,
        message: event.message,
        type: event.type,
        source: { component: EVENT_SOURCE_COMPONENT },
        reportingComponent: EVENT_SOURCE_COMPONENT,
        firstTimestamp: at,
        lastTimestamp: at,
        count: 1,
      };
      try {
        await client.create(coreResources.events, namespace, body);
      } catch (error) {
        onError(new Error(`could not record event ${event.reason} for ${object.kind ?? 'object'} ${namespace}/${object.metadata.name ?? ''}: ${(error as Error).message}`));
      }
    },
  };
}
