// A control request as merge patches on a Rollout: `spec` goes to the object, `status` to its
// status subresource (a null value removes the field), as the kubectl plugin sends them.
export interface ControlPatch {
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export class ControlError extends Error {}
