// Lint of notifications as Argo configures them: the ConfigMap `argo-rollouts-notification-configmap`
// (a template that does not parse, a trigger sending an unknown template, a default trigger that
// does not exist, a `when` that does not compile, a service type sluice cannot send to) and the
// Rollouts' `notifications.argoproj.io/subscribe.*` annotations (an unknown trigger or service, a
// trigger no event fires, a subscription with no ConfigMap in sight). The ConfigMap and Secret are
// read here, so lint no longer calls them skipped.
import { readManifests } from '../../api/load-manifests.ts';
import type { ValidationIssue } from '../../api/manifests/issue.ts';
import type { ParsedObject } from '../../api/manifests/parsed-object.ts';
import type { LineLookup, ManifestSource } from '../../api/manifests/yaml-documents.ts';
import { NOTIFICATION_CONFIGMAP, NOTIFICATION_SECRET, parseNotificationConfig } from '../../notifications/config.ts';
import { compile } from '../../expr/index.ts';
import { conditionFunctions, numberComparedMethods, unevaluatedMethods } from '../../notifications/condition.ts';
import { CONDITION_VARIABLES } from '../../notifications/notify.ts';
import { SUPPORTED_SERVICES } from '../../notifications/services.ts';
import { annotationSubscriptions } from '../../notifications/subscriptions.ts';

/** The triggers Argo Rollouts fires: `on-` and the kebab-case of an event reason it records on a Rollout. */
const FIRED_TRIGGERS = new Set([
  'on-rollout-updated',
  'on-rollout-step-completed',
  'on-rollout-completed',
  'on-rollout-paused',
  'on-rollout-resumed',
  'on-rollout-aborted',
  'on-rollout-not-completed',
  'on-rollout-healthy',
  'on-rollout-retry',
  'on-rollout-added-to-informer',
  'on-rollout-deleted',
  'on-scaling-replica-set',
  'on-new-replica-set-created',
  'on-new-replica-set-available',
  'on-analysis-run-running',
  'on-analysis-run-successful',
  'on-analysis-run-failed',
  'on-analysis-run-error',
  'on-analysis-run-inconclusive',
  'on-traffic-weight-updated',
]);

interface Found {
  data: Record<string, string>;
  file: string;
  lines: LineLookup | undefined;
}

export interface NotificationLint {
  issues: ValidationIssue[];
  /** True for the "kind ... is skipped" warning of the ConfigMap or Secret read here. */
  readHere(issue: ValidationIssue): boolean;
}

export function notificationIssues(
  sources: readonly ManifestSource[],
  objects: readonly ParsedObject[],
): NotificationLint {
  let configMap: Found | undefined;
  let secret: Found | undefined;
  const readLines = new Set<string>();
  for (const document of readManifests(sources).documents) {
    const value = (document.value ?? {}) as {
      apiVersion?: unknown;
      kind?: unknown;
      metadata?: { name?: unknown };
      data?: unknown;
      stringData?: unknown;
    };
    if (value.apiVersion !== 'v1') continue;
    const file = document.origin ?? '';
    const isConfigMap = value.kind === 'ConfigMap' && value.metadata?.name === NOTIFICATION_CONFIGMAP;
    const isSecret = value.kind === 'Secret' && value.metadata?.name === NOTIFICATION_SECRET;
    if (!isConfigMap && !isSecret) continue;
    readLines.add(`${file}:${document.lines?.lineOf(['kind']) ?? ''}`);
    const data: Record<string, string> = {};
    const entries = { ...asRecord(value.data), ...(isSecret ? asRecord(value.stringData) : {}) };
    for (const [key, item] of Object.entries(entries)) {
      data[key] =
        isSecret && key in asRecord(value.data) ? Buffer.from(String(item), 'base64').toString('utf8') : String(item);
    }
    const found = { data, file, lines: document.lines };
    if (isConfigMap) configMap = found;
    else secret = found;
  }

  const issues: ValidationIssue[] = [];
  const at = (where: Found, key: string | undefined): { file: string; line?: number; path: string } => {
    const line = where.lines?.lineOf(key === undefined ? [] : ['data', key]);
    return { file: where.file, ...(line !== undefined ? { line } : {}), path: key === undefined ? '' : `data[${key}]` };
  };
  const config = configMap ? parseNotificationConfig(configMap.data, secret?.data ?? {}) : undefined;
  if (configMap && config) {
    for (const problem of config.problems)
      issues.push({ ...at(configMap, problem.key), message: problem.message, severity: 'error' });
    for (const [name, service] of config.services) {
      const key = Object.keys(configMap.data).find(
        (k) => k === `service.${service.type}.${name}` || k === `service.${name}`,
      );
      if (!(SUPPORTED_SERVICES as readonly string[]).includes(service.type))
        issues.push({
          ...at(configMap, key),
          message: `service type "${service.type}" is not sent by sluice (it sends ${SUPPORTED_SERVICES.join(', ')}): notifications to "${name}" will fail`,
          severity: 'warning',
        });
      for (const reference of JSON.stringify(service.options).match(/\$[\w-]+/g) ?? [])
        issues.push({
          ...at(configMap, key),
          message: `refers to ${reference}, which ${secret ? `${NOTIFICATION_SECRET} does not hold` : `is read from ${NOTIFICATION_SECRET}, not among these manifests`}`,
          severity: 'warning',
        });
    }
    for (const [name, conditions] of config.triggers) {
      if (!Object.hasOwn(configMap.data, `trigger.${name}`)) continue;
      // A condition with `when` runs on every change of a subscribed Rollout; one without runs only on its event.
      if (!FIRED_TRIGGERS.has(name) && conditions.some((condition) => !condition.when))
        issues.push({
          ...at(configMap, `trigger.${name}`),
          message: `no event fires trigger "${name}", and a condition without \`when\` sends only on the event its name is made of (on-rollout-updated, on-rollout-step-completed, on-rollout-completed, on-rollout-aborted, ...): give it a \`when\` to send when the Rollout's state matches`,
          severity: 'warning',
        });
      for (const [index, condition] of conditions.entries())
        for (const field of ['when', 'oncePer'] as const) {
          const source = condition[field];
          if (!source) continue;
          try {
            const compiled = compile(source, { names: CONDITION_VARIABLES, methods: true });
            for (const method of numberComparedMethods(compiled.tree))
              issues.push({
                ...at(configMap, `trigger.${name}`),
                message: `condition ${index}: ${field} compares ${method}() with a number, which is never equal (${method}() gives Go's time.${method}, not an int, in the notifications engine as in sluice): compare int(t.${method}()) or t.${method}().String() (${method === 'Month' ? '"December"' : '"Monday"'})`,
                severity: 'warning',
              });
            for (const method of unevaluatedMethods(compiled.tree))
              issues.push({
                ...at(configMap, `trigger.${name}`),
                message: `condition ${index}: ${field} calls ${method}(), which sluice does not evaluate (the condition fails when it runs): it calls ${conditionFunctions.join(', ')}`,
                severity: 'warning',
              });
          } catch (error) {
            issues.push({
              ...at(configMap, `trigger.${name}`),
              message: `condition ${index}: ${field} ${(error as Error).message}: a condition sees ${CONDITION_VARIABLES.join(', ')} (any other name is nil)`,
              severity: 'warning',
            });
          }
        }
    }
  }

  for (const parsed of objects) {
    if (parsed.object.kind !== 'Rollout') continue;
    // A Rollout without metadata is reported by the model's rules; it has no subscriptions to check.
    for (const subscription of annotationSubscriptions(parsed.object.metadata?.annotations)) {
      const line = parsed.lineOf(['metadata', 'annotations', subscription.annotation]);
      const where = {
        file: parsed.file,
        ...(line !== undefined ? { line } : {}),
        path: `metadata.annotations[${subscription.annotation}]`,
      };
      if (!config) {
        issues.push({
          ...where,
          message: `subscribes to notifications, but ${NOTIFICATION_CONFIGMAP} is not among these manifests: nothing is sent until it is applied (on a cluster, in the controller's namespace)`,
          severity: 'warning',
        });
        break;
      }
      if (subscription.trigger !== '' && !config.triggers.has(subscription.trigger))
        issues.push({
          ...where,
          message: `names trigger "${subscription.trigger}", which ${NOTIFICATION_CONFIGMAP} does not define (known: ${[...config.triggers.keys()].sort().join(', ')})`,
          severity: 'warning',
        });
      if (!config.services.has(subscription.service))
        issues.push({
          ...where,
          message: `names service "${subscription.service}", which ${NOTIFICATION_CONFIGMAP} does not define (add service.<type>.${subscription.service})`,
          severity: 'warning',
        });
    }
  }
  return {
    issues,
    readHere: (issue) =>
      issue.severity === 'warning' && issue.path === 'kind' && readLines.has(`${issue.file}:${issue.line ?? ''}`),
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
