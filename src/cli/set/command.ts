// `sluice set image NAME CONTAINER=IMAGE`.
import { UsageError } from '../shared/errors.ts';
import { runWithTarget } from '../shared/run-command.ts';
import { spec } from './spec.ts';

interface SetImage {
  name: string;
  container: string;
  image: string;
}

export function parseSetImage(words: string[]): SetImage {
  const [name = '', assignment = ''] = words;
  const equals = assignment.indexOf('=');
  if (equals <= 0 || equals === assignment.length - 1) {
    throw new UsageError(
      `write sluice set image NAME CONTAINER=IMAGE, e.g. sluice set image colorapi colorapi=particule/simplecolorapi:2.0 (not "${assignment}")`,
    );
  }
  return { name, container: assignment.slice(0, equals), image: assignment.slice(equals + 1) };
}

export function run(args: string[]): Promise<number> {
  return runWithTarget(spec, args, parseSetImage, async ({ target, namespace, out }, { name, container, image }) => {
    await target.setImage(namespace, name, container, image);
    out.write(`rollout "${name}" image updated\n`);
    return 0;
  });
}
