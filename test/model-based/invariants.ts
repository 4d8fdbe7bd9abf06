import { isDeepStrictEqual } from 'node:util';
import { closeOpenToolCalls } from '../../src/conversation/close-open-tool-calls.js';
import type { ChatCompletionCreateParams, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ResponseCreateParams } from 'openai/resources/responses/responses';
import { findConversationProblem } from '../../src/conversation/find-conversation-problem.js';
import type { ResponderMeta } from '../../src/offline-model/index.js';
import { toChatView } from '../../src/offline-model/responses-chat-view.js';
import { validateMessages } from '../../src/offline-model/validate-messages.js';
import type { Toolbox } from '../../src/tool-definition/toolbox.js';
import type { StreamedTurnEvent } from '../../machines/lifecycle-types.js';
import type { Continuation, ModelReply } from '../../src/conversation/model-reply.js';
import { mustRunOnce, type ToolHarness } from '../support/model-based-tools.js';
import type { WireMode } from '../support/wire-modes.js';
import { activeCalls } from './execution-plan.js';
import { executingMode, valueKey, type LifecycleSnapshot } from './lifecycle-events.js';

/**
 * What must hold in each state, whatever path led there. Each check returns the violations it
 * found as sentences (empty when all is well), so a failing test lists every broken promise at once.
 */

export interface InvariantEnv {
  wire: WireMode;
  toolbox: Toolbox;
  model: string;
  parallelToolCalls: boolean;
  stream: boolean;
}

/** Why the API would reject this history, or undefined: our own check plus the strict offline model's (the API's rules). */
export function historyProblem(messages: readonly ChatCompletionMessageParam[]): string | undefined {
  const problem = findConversationProblem(messages);
  if (problem) return problem.message;
  if (messages.length === 0) return undefined;
  try {
    validateMessages(messages);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The API accepts answers in any order, but toolcycle promises call order (what the model asked
 * first is answered first, whichever tool finished first). Returns the first offending block.
 */
export function answersOutOfCallOrder(messages: readonly ChatCompletionMessageParam[]): string | undefined {
  for (const [index, message] of messages.entries()) {
    if (message.role !== 'assistant' || !message.tool_calls?.length) continue;
    const asked = message.tool_calls.map((call) => call.id);
    const answered: string[] = [];
    for (const next of messages.slice(index + 1)) {
      if (next.role !== 'tool') break;
      answered.push(next.tool_call_id);
    }
    if (!isDeepStrictEqual(answered, asked.slice(0, answered.length))) return `asked ${asked.join(', ')}, answered ${answered.join(', ')}`;
  }
  return undefined;
}

/** The context is plain data: JSON carries it to another process and back unchanged (no undefined, no class, no NaN). */
export function jsonProblem(value: unknown): string | undefined {
  const copy: unknown = JSON.parse(JSON.stringify(value));
  return isDeepStrictEqual(copy, value) ? undefined : 'the context does not survive JSON.parse(JSON.stringify(context)) unchanged';
}

/** What was streamed is what was recorded: the deltas of a request put together give its reply's text and calls. */
export function streamedReplyProblem(events: readonly StreamedTurnEvent[], reply: ModelReply): string | undefined {
  const text = events.flatMap((event) => (event.type === 'content.delta' ? [event.delta] : [])).join('');
  if (text !== reply.content) return `the streamed text ${JSON.stringify(text)} is not the reply's ${JSON.stringify(reply.content)}`;
  for (const call of reply.toolCalls.filter((requested) => requested.defect === null)) {
    const names = events.flatMap((event) => (event.type === 'tool_call.started' && event.id === call.id ? [event.name] : []));
    const args = events.flatMap((event) => (event.type === 'tool_call.arguments.delta' && event.id === call.id ? [event.delta] : [])).join('');
    if (names.length !== 1 || names[0] !== call.name || args !== call.arguments) {
      return `call ${call.id} (${call.name}, ${call.arguments}) was streamed as ${names.length} start(s) and arguments ${JSON.stringify(args)}`;
    }
  }
  return undefined;
}

/** The states a turn rests in, waiting for the caller: the history is then handed out (`session.messages`). */
export function isRestState(snapshot: LifecycleSnapshot): boolean {
  return (['idle', 'failed', 'cancelled', 'awaitingApproval'] as const).some((state) => snapshot.matches(state));
}

const lastAssistantCallIds = (messages: readonly ChatCompletionMessageParam[]) => {
  const last = messages.findLast((message) => message.role !== 'tool');
  return last?.role === 'assistant' ? (last.tool_calls ?? []).map((call) => call.id) : [];
};

export function snapshotViolations(snapshot: LifecycleSnapshot, previous: LifecycleSnapshot | undefined, env: InvariantEnv): string[] {
  const found: string[] = [];
  const { context } = snapshot;
  const { turn } = context;
  const children = Object.keys(snapshot.children);
  const check = (holds: boolean, violation: string) => {
    if (!holds) found.push(`in ${valueKey(snapshot.value)}: ${violation}`);
  };

  const json = jsonProblem(context);
  check(json === undefined, json ?? '');
  check(!snapshot.matches('connecting') && !snapshot.matches({ calling: 'planning' }), 'a transient state was observed at rest');
  if (previous) {
    const before = previous.context.messages;
    check(isDeepStrictEqual(context.messages.slice(0, before.length), before), 'the history was rewritten instead of appended to');
  }
  const outOfOrder = answersOutOfCallOrder(context.messages);
  check(outOfOrder === undefined, `tool messages are not in the order of their calls: ${outOfOrder}`);
  const answeredIds = context.messages.flatMap((message) => (message.role === 'tool' ? [message.tool_call_id] : []));
  check(new Set(answeredIds).size === answeredIds.length, `a call was answered twice: ${answeredIds.join(', ')}`);
  check(turn.steps <= context.maxSteps, `${turn.steps} rounds ran with maxSteps ${context.maxSteps}`);
  for (const limit of ['max_steps', 'loop_detected'] as const) {
    check(turn.stopReason !== limit || turn.forcedAnswer === limit, `stopReason ${limit} without that limit forcing the answer`);
  }
  // A stopped actor keeps its last state value but runs nothing; what it hands out then is `session.messages`, checked by the caller.
  if (snapshot.status !== 'active') return found;

  if (isRestState(snapshot)) {
    // Waiting for approval, the round's answers are still to come: the history is valid up to the
    // last assistant message, whose unanswered calls are exactly the calls of the round.
    const waiting = snapshot.matches('awaitingApproval');
    const problem = historyProblem(waiting ? closeOpenToolCalls(context.messages) : context.messages);
    check(problem === undefined, `the history is not one the API accepts: ${problem}`);
    if (waiting) {
      const answered = new Set(context.messages.flatMap((message) => (message.role === 'tool' ? [message.tool_call_id] : [])));
      const unanswered = lastAssistantCallIds(context.messages).filter((id) => !answered.has(id));
      check(isDeepStrictEqual(unanswered, turn.toolCalls.map((call) => call.id)), `waiting with unanswered calls ${unanswered.join(', ')} that are not the round's`);
    }
    check(children.length === 0, `children still running: ${children.join(', ')}`);
    if (!snapshot.matches('awaitingApproval')) {
      check(turn.toolCalls.length === 0 && turn.requested.length === 0, 'calls of the round are left unanswered');
    }
  }

  if (snapshot.matches('idle') && turn.stopReason !== null) {
    const last = context.messages.at(-1);
    const answered = (last?.role === 'assistant' && !last.tool_calls?.length) || last?.role === 'tool';
    check(answered, `the turn ended on a ${last?.role} message that asks for more`);
  }

  if (snapshot.matches('deciding') || snapshot.matches('responding')) {
    check(children.includes('request'), 'no request is in flight');
    check(turn.toolCalls.length === 0 && turn.requested.length === 0, 'a request is made before every call of the round is answered');
    const problem = historyProblem(context.messages);
    check(problem === undefined, `the history about to be sent is not one the API accepts: ${problem}`);
    const last = context.messages.at(-1);
    if (snapshot.matches('deciding')) check(last?.role === 'user', `deciding after a ${last?.role} message`);
    else check(last?.role === 'tool', `responding after a ${last?.role} message`);
  }

  if (snapshot.matches({ calling: 'checking' })) {
    check(children.includes('checkToolCalls'), 'no check is running');
    check(
      isDeepStrictEqual(turn.requested.map((call) => call.id), lastAssistantCallIds(context.messages)) && turn.toolCalls.length === 0,
      'the calls being checked are not exactly those of the last assistant message',
    );
  }

  const mode = executingMode(snapshot);
  if (mode) {
    check(
      isDeepStrictEqual(turn.toolCalls.map((call) => call.id), lastAssistantCallIds(context.messages)),
      'the round does not track exactly the calls of the last assistant message',
    );
    check(children.includes('executeToolCalls'), 'no tool runner is running');
    check(activeCalls(context, mode).length > 0, 'executing with no open call');
    for (const call of turn.toolCalls) {
      if (call.status === 'pending' || call.status === 'running') {
        const tool = env.toolbox.get(call.name);
        check(tool !== undefined, `open call ${call.id} names no registered tool (${call.name})`);
        check(tool?.checkArguments(call.arguments).ok === true, `open call ${call.id} has arguments its tool rejects`);
        check(call.status === 'pending' || mustRunOnce(call.effect), `call ${call.id} of a ${call.effect} tool is marked running`);
      } else if (call.status === 'failed') {
        check(call.content === JSON.stringify({ error: call.error }), `call ${call.id} failed without its error as content`);
      }
    }
  }

  if (snapshot.matches('awaitingApproval')) {
    check(turn.toolCalls.some((call) => call.status === 'awaiting_approval'), 'waiting for approval of nothing');
    const open = turn.toolCalls.filter((call) => call.status === 'pending' || call.status === 'running');
    check(open.length === 0, 'waiting for approval with calls still to run');
    check(turn.stopReason === 'approval_required', `waiting for approval with stopReason ${turn.stopReason}`);
  }

  if (snapshot.matches('failed')) {
    check(context.lastError !== null, 'failed without an error');
    if (context.lastError?.name === 'InvalidTurnError' && previous) {
      check(context.messages.length === previous.context.messages.length, 'a rejected turn still added to the history');
    }
  }

  if (snapshot.matches('cancelled')) {
    check(context.lastError?.name === 'TurnCancelledError', `cancelled with lastError ${context.lastError?.name}`);
  }
  return found;
}

/**
 * Checked as each request reaches the model server: what is sent is the machine's history, valid,
 * with the right options. `body` is the request as Chat Completions (for a Responses request, the
 * offline model's view of it); `responses`, for a Responses request, the request as sent.
 */
export function requestViolations(
  body: ChatCompletionCreateParams,
  snapshot: LifecycleSnapshot,
  env: InvariantEnv,
  responses?: ResponderMeta['responses'],
): string[] {
  const found: string[] = [];
  const check = (holds: boolean, violation: string) => {
    if (!holds) found.push(`request sent in ${valueKey(snapshot.value)}: ${violation}`);
  };
  check(snapshot.matches('deciding') || snapshot.matches('responding'), 'a request left outside deciding/responding');
  const sent = sentHistory(body, snapshot, responses);
  if (sent.from === 0) {
    const problem = historyProblem(sent.messages);
    check(problem === undefined, `the wire history is invalid: ${problem}`);
  }
  check(isDeepStrictEqual(sent.messages, snapshot.context.messages.slice(sent.from)), `the wire history from message ${sent.from} on differs from the machine history`);
  check(body.model === env.model, `model ${body.model}`);
  check((body.stream === true) === env.stream, `stream ${String(body.stream)}`);
  check(isDeepStrictEqual(body.tools, env.toolbox.definitions), 'the tools sent are not the registered ones');
  const forced = snapshot.context.turn.forcedAnswer !== null;
  check(
    (body.tool_choice === 'none') === forced && (body.tool_choice === undefined || body.tool_choice === 'none'),
    `tool_choice ${String(body.tool_choice)} with forcedAnswer ${snapshot.context.turn.forcedAnswer}`,
  );
  check(body.parallel_tool_calls === env.parallelToolCalls, `parallel_tool_calls ${String(body.parallel_tool_calls)}`);
  if (responses) found.push(...responsesRequestViolations(responses.request, snapshot, env.wire.serverState));
  return found;
}

/**
 * The history a request sent, and the message of the machine's history it starts at. A request that
 * continues a response on the server sends only what came after it: the offline model's view also
 * holds what it remembers, its own output items as it produced them, which toolcycle may have
 * normalized (a call without a name is recorded under a placeholder name). That part is the
 * server's, named by `previous_response_id` (see responsesRequestViolations), so only the new input
 * is compared.
 */
function sentHistory(body: ChatCompletionCreateParams, snapshot: LifecycleSnapshot, responses: ResponderMeta['responses']) {
  const request = responses?.request;
  if (!request?.previous_response_id || !Array.isArray(request.input)) return { messages: body.messages, from: 0 };
  return { messages: toChatView(request, request.input).messages, from: snapshot.context.wire.sentMessages };
}

/**
 * What a Responses request carries besides the history (checked above, in its Chat Completions
 * view): with server state, the id of the last response recorded and `store: true`; stateless,
 * `store: false`, the encrypted reasoning asked for, and every reasoning item of the recorded
 * replies sent back.
 */
function responsesRequestViolations(body: ResponseCreateParams, snapshot: LifecycleSnapshot, serverState: boolean): string[] {
  const found: string[] = [];
  const check = (holds: boolean, violation: string) => {
    if (!holds) found.push(`Responses request sent in ${valueKey(snapshot.value)}: ${violation}`);
  };
  const { wire } = snapshot.context;
  check(body.store === serverState, `store ${String(body.store)}`);
  if (serverState) {
    check((body.previous_response_id ?? null) === wire.responseId, `previous_response_id ${String(body.previous_response_id)}, but the last reply recorded was ${wire.responseId}`);
    return found;
  }
  check(body.previous_response_id === undefined, `previous_response_id ${String(body.previous_response_id)} without server state`);
  check(isDeepStrictEqual(body.include, ['reasoning.encrypted_content']), `include ${JSON.stringify(body.include)}`);
  const replayed = (Array.isArray(body.input) ? body.input : []).filter((item) => item.type === 'reasoning');
  check(isDeepStrictEqual(replayed, wire.items.flatMap((entry) => entry.items)), 'the reasoning items sent back are not those of the recorded replies');
  return found;
}

/**
 * What a Responses reply keeps for the next request: a response id never seen before, and
 * (stateless, where the offline model always reasons) its one sealed reasoning item.
 */
export function continuationProblem(continuation: Continuation | null, serverState: boolean, seenIds: Set<string>): string | undefined {
  if (continuation === null) return 'a Responses reply without a continuation';
  const { responseId, items } = continuation;
  if (!/^resp_/.test(responseId) || seenIds.has(responseId)) return `the response id ${responseId} is not a new one of the server's`;
  seenIds.add(responseId);
  const reasoning = items.filter((item) => typeof item === 'object' && item !== null && !Array.isArray(item) && item['type'] === 'reasoning' && typeof item['encrypted_content'] === 'string');
  const expected = serverState ? 0 : 1;
  return reasoning.length === expected && items.length === expected ? undefined : `the reply kept ${JSON.stringify(items)} for the next request`;
}

/**
 * Checked once promises have settled (a macrotask after a step): a tool runs only while its call is
 * one the runner works on, every such call's tool runs, and no write-once call has run twice.
 */
export function toolViolations(harness: ToolHarness, snapshot: LifecycleSnapshot): string[] {
  const found: string[] = [];
  const state = valueKey(snapshot.value);
  const mode = executingMode(snapshot);
  const active = mode ? activeCalls(snapshot.context, mode).map((call) => call.id) : [];
  for (const id of harness.running.ids()) {
    if (!active.includes(id)) found.push(`in ${state}: the tool for ${id} keeps running though its call is not being run`);
  }
  for (const id of active) if (!harness.running.has(id)) found.push(`in ${state}: call ${id} is being run but its tool is not running`);
  for (const twice of harness.ranTwice()) found.push(`in ${state}: a call that must run once ran twice: ${twice}`);
  return found;
}
