/**
 * What the statechart itself costs, with HTTP taken out: toolcycle and the plain loop drive the
 * same scenarios against an in-memory
 * client that answers the scripted replies without a network (bodies still go through JSON both
 * ways, as with the SDK). Reports process CPU µs per turn: median and best of interleaved rounds.
 *
 *   npx tsx bench/build.ts && node bench/.build/bench/lifecycle-cpu.js [--rounds 25] [--turns 400]
 *   npx tsx bench/lifecycle-cpu.ts    # from source: toolcycle's closures are heavier under tsx (tsconfig.json)
 */
import type OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { createPlainLoop } from './contenders/plain-loop.js';
import { createToolcycle } from './contenders/toolcycle.js';
import type { ContenderInstance } from './contenders/types.js';
import { SCENARIOS, TURN_SCENARIOS, scriptedReply, verifyTurn } from './scenarios.js';
import { executions } from './tools.js';
import { percentile } from './stats.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? Number(argv[index + 1]) : fallback;
};
const rounds = option('rounds', 25);
const turns = option('turns', 400);

let nextId = 0;
function completionFor(request: ChatCompletionCreateParams): ChatCompletion {
  const reply = scriptedReply(request);
  if ('error' in reply) throw new Error(reply.error.message);
  if ('raw' in reply) throw new Error('The benchmark scenarios script completions, not raw replies.');
  const toolCalls = reply.toolCalls?.map((call) => ({
    id: `call_${(nextId += 1)}`,
    type: 'function' as const,
    function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
  }));
  return {
    id: `chatcmpl_${(nextId += 1)}`,
    object: 'chat.completion',
    created: 0,
    model: request.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.content ?? null, refusal: null, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
        finish_reason: toolCalls ? 'tool_calls' : 'stop',
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

/** Just enough of the SDK for both contenders: `chat.completions.create`. */
const inMemoryClient = {
  chat: {
    completions: {
      create: async (body: ChatCompletionCreateParams) =>
        JSON.parse(JSON.stringify(completionFor(JSON.parse(JSON.stringify(body)) as ChatCompletionCreateParams))) as ChatCompletion,
    },
  },
} as unknown as OpenAI;

const contenders: [string, ContenderInstance][] = [
  ['plain loop', createPlainLoop(inMemoryClient)],
  ['toolcycle', createToolcycle(inMemoryClient)],
];

process.stdout.write(`CPU µs per turn without HTTP (in-memory client), ${rounds} rounds × ${turns} turns, median (best)\n\n`);
process.stdout.write(`| scenario | ${contenders.map(([name]) => name).join(' | ')} | toolcycle − plain |\n`);
process.stdout.write(`|---|${contenders.map(() => '--:|').join('')}--:|\n`);
for (const id of TURN_SCENARIOS) {
  const scenario = SCENARIOS[id];
  const perRound = new Map<string, number[]>();
  for (let round = -1; round < rounds; round += 1) {
    for (const [name, instance] of round % 2 === 0 ? contenders : [...contenders].reverse()) {
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < turns; i += 1) {
        const before = executions.count;
        verifyTurn(scenario, name, await instance.turn(scenario), executions.count - before);
      }
      const cpu = process.cpuUsage(cpu0);
      // Round -1 is the warm-up.
      if (round >= 0) perRound.set(name, [...(perRound.get(name) ?? []), (cpu.user + cpu.system) / turns]);
    }
  }
  const cell = (name: string) => {
    const values = perRound.get(name)!;
    return `${percentile(values, 50).toFixed(0)} (${Math.min(...values).toFixed(0)})`;
  };
  const delta = percentile(perRound.get('toolcycle')!, 50) - percentile(perRound.get('plain loop')!, 50);
  process.stdout.write(`| ${scenario.title} | ${contenders.map(([name]) => cell(name)).join(' | ')} | +${delta.toFixed(0)} |\n`);
}
