import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { capabilitiesReply, composeAnswer } from './demo-answer.js';
import { readTurn, type ToolExchange } from './demo-conversation.js';
import { findIntents, type PlannedCall } from './demo-intents.js';
import type { Unavailable } from './demo-phrases.js';
import { isRecord } from './json-value.js';
import type { Responder, ScriptedReply } from './scripted-reply.js';

/**
 * The embedded model used when no API key is set: a deterministic, rule-based stand-in that
 * drives the full tool-calling cycle with the bundled get_weather / get_time / calculate tools, in
 * English or Chinese, answering in the language of the question.
 */
export function createDemoResponder(): Responder {
  return (request) => demoReply(request);
}

function demoReply(request: ChatCompletionCreateParams): ScriptedReply {
  const turn = readTurn(request.messages);
  if (turn.userText === undefined) return { content: capabilitiesReply('en') };

  const intents = findIntents(turn.userText);
  const usable = usableTools(request);
  const pending = intents.calls.filter(
    (call) => usable.has(call.name) && !turn.exchanges.some((exchange) => sameCall(exchange, call)),
  );

  if (pending.length > 0) {
    // With parallel_tool_calls: false the API returns at most one call per turn; the rest follow later turns.
    const batch = request.parallel_tool_calls === false ? pending.slice(0, 1) : pending;
    return { content: null, toolCalls: batch.map((call) => ({ name: call.name, arguments: call.arguments })) };
  }

  return {
    content: composeAnswer({
      language: intents.language,
      calls: intents.calls,
      unresolved: intents.unresolved,
      exchanges: turn.exchanges,
      matches: sameCall,
      unavailableReason: (call) => unavailableReason(request, usable, call),
    }),
  };
}

/** Names of the tools the demo may call in this request, after tool_choice narrows them. */
function usableTools(request: ChatCompletionCreateParams): Set<string> {
  const offered = new Set(
    (request.tools ?? []).flatMap((tool) => (tool.type === 'function' ? [tool.function.name] : [])),
  );
  const choice = request.tool_choice;
  if (choice === undefined || choice === 'auto' || choice === 'required') return offered;
  if (choice === 'none') return new Set();
  if (choice.type === 'function') return new Set([choice.function.name].filter((name) => offered.has(name)));
  if (choice.type === 'allowed_tools') {
    const allowed = choice.allowed_tools.tools.flatMap((tool) => {
      const fn = tool['function'];
      return isRecord(fn) && typeof fn['name'] === 'string' ? [fn['name']] : [];
    });
    return new Set(allowed.filter((name) => offered.has(name)));
  }
  return new Set();
}

function unavailableReason(request: ChatCompletionCreateParams, usable: ReadonlySet<string>, call: PlannedCall): Unavailable | undefined {
  if (usable.has(call.name)) return undefined;
  if (request.tool_choice === 'none') return 'tools_disabled';
  const offered = (request.tools ?? []).some((tool) => tool.type === 'function' && tool.function.name === call.name);
  return offered ? 'not_allowed' : 'not_provided';
}

/**
 * A call counts as answered when a result came back for the same tool with the same arguments. A
 * message holds one note at most, and a person may edit it on approval: any save_note result answers it.
 */
function sameCall(exchange: ToolExchange, call: PlannedCall): boolean {
  if (call.name === 'save_note') return exchange.name === call.name;
  return exchange.name === call.name && canonicalJson(exchange.arguments) === canonicalJson(call.arguments);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
