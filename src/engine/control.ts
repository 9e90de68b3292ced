// The engine's control verbs, for the CLI and the local API: each turns a verb (promote, abort,
// retry, pause, resume, restart, undo, set image) into the patch of the Rollout that carries it out.
export { ControlError, type ControlPatch } from './control/patch.ts';
export { ROLLOUT_VERBS, rolloutVerbPatch, type RolloutVerb } from './control/verb-patch.ts';
export { setImagePatch, templateWithImage } from './control/set-image.ts';
export { undoPatch } from './control/undo.ts';
