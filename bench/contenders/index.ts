import type { Contender } from './types.js';

/**
 * Report order: the baseline first, then toolcycle, then the peers. Loaded lazily so a child
 * process (heap measurement, profiling) only loads the library it measures.
 */
export const CONTENDER_LOADERS: { name: string; load: () => Promise<Contender> }[] = [
  { name: 'plain loop', load: async () => (await import('./plain-loop.js')).plainLoop },
  { name: 'toolcycle', load: async () => (await import('./toolcycle.js')).toolcycle },
  { name: 'openai runTools', load: async () => (await import('./run-tools.js')).runTools },
  { name: 'AI SDK generateText', load: async () => (await import('./ai-sdk.js')).aiSdk },
  { name: 'OpenAI Agents', load: async () => (await import('./openai-agents.js')).openaiAgents },
  { name: 'LangGraph', load: async () => (await import('./langgraph.js')).langgraph },
];

/** Case-insensitive: an exact name wins, then a name starting with `name`, then one containing it. */
export function findLoader(name: string) {
  const wanted = name.toLowerCase();
  const named = (test: (name: string) => boolean) => CONTENDER_LOADERS.find((loader) => test(loader.name.toLowerCase()));
  return named((candidate) => candidate === wanted) ?? named((candidate) => candidate.startsWith(wanted)) ?? named((candidate) => candidate.includes(wanted));
}
