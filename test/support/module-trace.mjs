// Preloaded (`node --import`) into a child process under test: appends every
// module specifier it resolves, one a line, to $KUBEDIFF_MODULE_TRACE, so a
// test can say what a run loaded (e.g. that @kubernetes/client-node was not).
import { register } from 'node:module';

const file = process.env.KUBEDIFF_MODULE_TRACE;
if (file) {
  const hook = `
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      appendFileSync(${JSON.stringify(file)}, specifier + '\\n');
      return next(specifier, context);
    }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}
