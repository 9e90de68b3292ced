// What sluice carries out of a Rollout's spec, in one table. `sluice lint` warns with each row's
// sentence, the engine's spec check holds a Rollout that uses a missing `rollout` row (InvalidSpec,
// nothing touched), and the canary step handling holds the rollout at a step that uses a missing
// `step` row: all three read this table, so no feature is refused by one and accepted by another.
// Every trafficRouting router and every step action of the schema has a row (a test checks it).
// A row holds for both runtimes: they run the same engine. What only the local runtime lacks
// (grpc probes, some env valueFrom) concerns pods, not the Rollout's spec (docs/local-pods.md).
import type { CanaryStep, Rollout } from './types/rollout.ts';
import type { PathSegment } from './manifests/field-path.ts';
import {
  implementedRouterChoice,
  implementedRouterList,
  isImplementedRouter,
  ROUTER_FIELDS,
  ROUTER_PLUGINS,
} from './traffic-routers.ts';

/**
 * Where a feature is written: a router under trafficRouting, a router plugin under
 * trafficRouting.plugins, a field of the canary strategy, an action of a canary step.
 */
export type Place = 'trafficRouting' | 'plugin' | 'canary' | 'step';

/** How sluice holds a Rollout that uses a feature it lacks: whole and at once, or when the rollout reaches the step. */
export type Hold = 'rollout' | 'step';

interface Row {
  strategy: 'canary';
  place: Place;
  /** The field's name at its place: `nginx`, `pingPong`, `experiment`. */
  field: string;
}

export interface SupportedCapability extends Row {
  supported: true;
}

export interface MissingCapability extends Row {
  supported: false;
  hold: Hold;
  /** What sluice lacks, ending in "yet": the first half of the sentence users read. */
  lacks: string;
  /** What to do instead: the sentence's end. */
  instead: string;
}

export type Capability = SupportedCapability | MissingCapability;

const supported = (place: Place, field: string): SupportedCapability => ({
  strategy: 'canary',
  place,
  field,
  supported: true,
});

const missing = (place: Place, field: string, hold: Hold, lacks: string, instead: string): MissingCapability => ({
  strategy: 'canary',
  place,
  field,
  supported: false,
  hold,
  lacks,
  instead,
});

/** A router's row: carried out when it is registered (src/api/traffic-routers.ts), else held. */
function routerRow(place: 'trafficRouting' | 'plugin', name: string): Capability {
  if (isImplementedRouter(name)) return supported(place, name);
  const router = place === 'plugin' ? `the ${name} plugin` : name;
  return missing(
    place,
    name,
    'rollout',
    `sluice does not route traffic with ${router} yet (only ${implementedRouterList()})`,
    `use ${implementedRouterChoice()} or leave trafficRouting out for a replica-based canary`,
  );
}

export const CAPABILITIES: readonly Capability[] = [
  ...ROUTER_FIELDS.map((field) => routerRow('trafficRouting', field)),
  supported('trafficRouting', 'managedRoutes'),
  supported('trafficRouting', 'maxTrafficWeight'),
  // The field itself; each plugin it names has a row of its own (or is unknown: unknownPlugin).
  supported('trafficRouting', 'plugins'),
  ...ROUTER_PLUGINS.map((plugin) => routerRow('plugin', plugin)),
  // With istio (or no trafficRouting, as Argo allows): the ping and pong Services take turns as the stable one.
  supported('canary', 'pingPong'),
  ...['setWeight', 'pause', 'analysis', 'experiment', 'setCanaryScale', 'setHeaderRoute', 'setMirrorRoute'].map(
    (action) => supported('step', action),
  ),
  missing('step', 'plugin', 'step', 'sluice does not carry out plugin steps yet', 'promote past the step, or abort'),
];

const HOLDS: Record<Hold, string> = {
  rollout: 'Argo Rollouts accepts this Rollout, but sluice holds it with an InvalidSpec condition',
  step: 'Argo Rollouts accepts this Rollout, but sluice holds it at this step with an InvalidSpec condition',
};

/** The one sentence users read about a missing feature: in `sluice lint`'s warning and in the InvalidSpec condition. */
export function capabilitySentence(capability: MissingCapability): string {
  return `${capability.lacks}: ${HOLDS[capability.hold]}; ${capability.instead}`;
}

/** A missing feature where a Rollout uses it. */
export interface MissingUse {
  capability: MissingCapability;
  path: PathSegment[];
}

const CANARY: PathSegment[] = ['spec', 'strategy', 'canary'];

/** A plugin name sluice does not know: held, with the names it does know. */
export function unknownPlugin(name: string): MissingCapability {
  return missing(
    'plugin',
    name,
    'rollout',
    `sluice has no traffic router plugin named ${name} (its routers are built in: ${implementedRouterList()})`,
    `use ${implementedRouterChoice()} or leave trafficRouting out for a replica-based canary`,
  );
}

/** The missing plugin rows (and unknown plugins) of trafficRouting.plugins. */
function missingPlugins(plugins: unknown): MissingCapability[] {
  if (!plugins || typeof plugins !== 'object') return [];
  return Object.entries(plugins)
    .filter(([, config]) => isSet(config))
    .flatMap(([name]) => {
      const row = CAPABILITIES.find((capability) => capability.place === 'plugin' && capability.field === name);
      if (!row) return [unknownPlugin(name)];
      return row.supported ? [] : [row];
    });
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The missing rows of each place, in the table's order (the engine checks every step of a Rollout in every pass). */
const MISSING_AT = new Map<Place, MissingCapability[]>();
for (const row of CAPABILITIES) {
  if (row.supported) continue;
  MISSING_AT.set(row.place, [...(MISSING_AT.get(row.place) ?? []), row]);
}

/** The missing rows of a place whose field is set in `fields` (a step, the canary strategy, its trafficRouting). */
function missingAt(place: Place, fields: object | undefined): MissingCapability[] {
  const rows = MISSING_AT.get(place);
  if (rows === undefined || fields === undefined || fields === null) return [];
  const record = fields as Record<string, unknown>;
  return rows.filter((row) => Object.hasOwn(record, row.field) && isSet(record[row.field]));
}

/** The missing features of one canary step, in the table's order. */
export function missingStepActions(step: CanaryStep): MissingCapability[] {
  return missingAt('step', step);
}

/** Every use of a missing feature in the Rollout (only those held as `hold` when given), each with its field path. */
export function missingFeatures(rollout: Rollout, hold?: Hold): MissingUse[] {
  const canary = rollout.spec.strategy?.canary;
  if (!canary) return [];
  const uses: MissingUse[] = [];
  // The engine checks every pass: a path is made only for a feature found missing.
  const add = (missing: MissingCapability[], base: () => PathSegment[]): void => {
    for (const capability of missing) uses.push({ capability, path: [...base(), capability.field] });
  };
  add(missingAt('trafficRouting', canary.trafficRouting), () => [...CANARY, 'trafficRouting']);
  add(missingPlugins(canary.trafficRouting?.plugins), () => [...CANARY, 'trafficRouting', 'plugins']);
  add(missingAt('canary', canary), () => CANARY);
  const steps = Array.isArray(canary.steps) ? canary.steps : [];
  steps.forEach((step, index) => add(missingStepActions(step), () => [...CANARY, 'steps', index]));
  return hold === undefined ? uses : uses.filter((use) => use.capability.hold === hold);
}
