import { defineLifecycleMachine, lifecycleMachine } from '../../machines/lifecycle.js';
import { lifecycleActors } from '../actors/lifecycle-actors.js';
import { runtimeOfSystem } from '../actors/runtime.js';
import { InvalidOptionsError } from '../conversation/errors.js';
import { resolveLifecycleOptions, type LifecycleOptions } from './lifecycle-options.js';

/**
 * The lifecycle machine with the real actors: requests go through the `openai` SDK, tools run in the
 * `executeToolCalls` actor. Pass it to `createActor`; everything in `options` is its default input.
 * Throws `ToolDefinitionError` / `InvalidOptionsError` for options it cannot run with.
 */
export function createLifecycleMachine(options: LifecycleOptions) {
  const { input, runtime, collections } = resolveLifecycleOptions(options);
  if (collections.length > 0) throw new InvalidOptionsError('Tool collections change between turns: use them with createSession().', 'tools');
  return defineLifecycleMachine(input).provide({ actors: lifecycleActors(() => runtime) });
}

/**
 * Building a machine costs about 20 KB of heap, five times an actor, so every session shares this
 * one; each finds its client and tools through its actor system (see `registerRuntime`).
 */
export const sessionMachine = lifecycleMachine.provide({ actors: lifecycleActors(runtimeOfSystem) });
export type SessionMachine = typeof sessionMachine;
