// Which object controls another: the owner reference of a kind marked `controller: true`. One
// lookup for the local runtime's controllers, its watch stream and its detail reads; the lookup
// itself is the conventions' (the view reads owners with it too).
export { controllerOwner } from '../../../conventions/owner-references.ts';
