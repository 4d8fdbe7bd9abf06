// Worker bootstrap: a worker does not inherit tsx's loader from `tsx bench/run.ts`, so register it
// here (a no-op cost when already registered), then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./server-worker.ts');
