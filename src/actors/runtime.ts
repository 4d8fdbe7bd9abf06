import type { AnyActorRef } from 'xstate';

/** The actor system XState hands every actor (`system` in its arguments). */
export type ActorSystem = AnyActorRef['system'];
import type { RunnableToolCall } from '../conversation/tool-call-record.js';
import type { Toolbox } from '../tool-definition/toolbox.js';
import type { ModelClient } from './model-client.js';

/**
 * What the actors need from the runner that is not the machine's business: the client, the tools,
 * the limits, and the runner's hooks. None of it is stored in the machine's context, so the context
 * stays plain data that a snapshot can carry to another process.
 */
export interface LifecycleRuntime {
  client: ModelClient;
  /** Which OpenAI API the requests use; the machine is the same for both. */
  api: 'chat' | 'responses';
  /** Responses API: keep the conversation on the server (`previous_response_id`) instead of replaying it. */
  serverState?: boolean;
  toolbox: Toolbox;
  /** For tools that set no `timeoutMs`; Infinity: no limit. */
  toolTimeoutMs: number;
  /** For tools that set no `maxOutputChars`. */
  maxToolOutputChars: number;
  /** Awaited before a request goes out: resolves once the conversation so far is saved, so a crash cannot lose it. */
  beforeRequest?: () => Promise<void>;
  /** Awaited before a call that must never run twice starts: resolves once its `running` state is saved. */
  beforeToolRuns?: (call: RunnableToolCall) => Promise<void>;
  /** Report each HTTP attempt as a `model.attempted` event (with the request body), for an inspector to show. */
  reportAttempts?: boolean;
  /** Runs a tool's own code, so the runner can recognise a tool that calls back into its session. */
  enterTool?: <T>(run: () => T) => T;
}

/**
 * Sessions that share a machine find their own runtime through the actor system of their actor
 * (XState hands every actor its `system`), so one provided machine serves every session.
 */
export type RuntimeLookup = (system: ActorSystem) => LifecycleRuntime;

const runtimes = new WeakMap<ActorSystem, LifecycleRuntime>();

export function registerRuntime(system: ActorSystem, runtime: LifecycleRuntime): void {
  runtimes.set(system, runtime);
}

export const runtimeOfSystem: RuntimeLookup = (system) => {
  const runtime = runtimes.get(system);
  if (!runtime) throw new Error('No toolcycle runtime is registered for this actor: create it with createSession().');
  return runtime;
};
