/** `toolcycle/durable`: the lifecycle as a DBOS workflow on PostgreSQL, run by worker processes. */
export { startDurableWorker, DEFAULT_WORKER_CONCURRENCY, type DurableWorker, type DurableWorkerOptions } from './start-worker.js';
export { connectDurable, type DurableClient, type DurableClientOptions, type DurableTurn, type TurnSubmission, type DurableConversation } from './client.js';
export type { DurableTurnOptions, DurableTurnOutcome } from './durable-turn.js';
export type { StepEvent } from './turn-workflow.js';
export { DurableTurnError } from './durable-turn-error.js';
export { applicationVersionOf, turnWorkflowId, DEFAULT_APP_NAME, queueNameOf, DURABLE_WORKFLOW_VERSION } from './durable-names.js';
export { parseWorkerArgs, runWorker, runWorkerCommand, WORKER_USAGE, WorkerUsageError, type WorkerCommand, type WorkerToolsModule } from './worker-main.js';
