import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// `npm run bench` does not pass --expose-gc; turning the flag on at run time
// and fetching `gc` from a fresh context gives the same function.
setFlagsFromString('--expose-gc');
const gcFunction = runInNewContext('gc') as () => void;

/** A full collection, so heap readings measure what is retained rather than garbage not yet collected. */
export function collectGarbage(): void {
  gcFunction();
  gcFunction();
}
