/**
 * The inspector page's script, served as `/app.js` (the page's policy forbids inline scripts).
 * Plain browser JavaScript with no dependencies, so the page works offline and without a bundler.
 * Every string from a session is untrusted — a tool result can say anything — so it reaches the
 * DOM only through `textContent`, attribute setters and `dataset`; there is no `innerHTML` here.
 *
 * For tests and the curious: `window.__stateHistory` lists every state the diagram has
 * highlighted, in order, and `document.body.dataset.state` is the current one.
 */
export const PAGE_SCRIPT = String.raw`
'use strict';

const params = new URLSearchParams(location.search);
// Steps without an event (connecting, calling) take microseconds: hold each state on screen long
// enough to see it. ?dwell=0 shows states as fast as they come.
const DWELL_MS = params.has('dwell') && Number(params.get('dwell')) >= 0 ? Number(params.get('dwell')) : 450;

const STAGE_OF = { idle: 'idle', connecting: 'connect', deciding: 'decide', calling: 'call', executing: 'execute', responding: 'respond', failed: 'failed', cancelled: 'cancelled' };
const KNOWN_STAGES = ['connect', 'decide', 'respond', 'execute', 'answer', 'failed', 'cancelled'];
const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function json(value, pretty) {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, pretty ? 2 : 0);
  } catch (error) {
    return String(value);
  }
}

function formatMs(ms) {
  if (typeof ms !== 'number' || !isFinite(ms)) return '';
  return ms < 10 ? ms.toFixed(1) + ' ms' : ms < 10000 ? Math.round(ms) + ' ms' : (ms / 1000).toFixed(1) + ' s';
}

window.__stateHistory = [];

const view = {
  sessionId: undefined,
  followLatest: true,
  session: undefined,
  sessions: [],
  lastSeq: 0,
  messages: [],
  source: undefined,
  queue: [],
  playing: false,
  generation: 0,
  state: undefined,
  edges: [],
};

// ---- diagram -------------------------------------------------------------------------------

async function loadDiagram() {
  const response = await fetch('/diagram.svg');
  const text = await response.text();
  const parsed = new DOMParser().parseFromString(text, 'image/svg+xml');
  const svg = document.importNode(parsed.documentElement, true);
  // The viewBox stays; dropping the fixed size lets the picture fit its column.
  const naturalWidth = svg.getAttribute('width');
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  $('diagram').replaceChildren(svg);
  $('zoom').addEventListener('click', () => {
    const full = $('diagram').classList.toggle('full-size');
    svg.style.width = full && naturalWidth ? naturalWidth : '';
    $('zoom').textContent = full ? 'fit' : 'full size';
    followCurrent();
  });
  if (view.state !== undefined) paintState(view.state, view.edges);
}

function paintState(state, edges) {
  for (const node of document.querySelectorAll('#diagram .current, #diagram .taken')) node.classList.remove('current', 'taken');
  for (const region of state.split(',')) {
    const parts = region.split('.');
    for (let depth = 1; depth <= parts.length; depth += 1) {
      const group = document.getElementById('state-' + parts.slice(0, depth).join('.'));
      if (group) group.classList.add('current');
    }
  }
  for (const id of edges) {
    const edge = document.getElementById(id);
    if (edge) edge.classList.add('taken');
  }
  followCurrent();
}

/** At full size the picture scrolls: keep the current state in view. */
function followCurrent() {
  if (!$('diagram').classList.contains('full-size')) return;
  const current = document.querySelectorAll('#diagram g.node.current');
  const target = current[current.length - 1];
  if (target) target.scrollIntoView({ block: 'center', inline: 'center', behavior: 'smooth' });
}

function showState(state, edges, seq) {
  view.state = state;
  view.edges = edges || [];
  paintState(state, view.edges);
  // The picture can trail the timeline by a few dwells: mark the entry it is showing.
  for (const item of document.querySelectorAll('#timeline .playing')) item.classList.remove('playing');
  const playing = seq === undefined ? undefined : document.querySelector('#timeline > li[data-seq="' + Number(seq) + '"]');
  if (playing) playing.classList.add('playing');
  const top = state.split(',')[0].split('.')[0];
  const stage = STAGE_OF[top];
  const order = ['idle', 'connect', 'decide', 'call', 'execute', 'respond'];
  for (const item of document.querySelectorAll('#stages li')) {
    item.classList.toggle('current', item.dataset.stage === stage);
    item.classList.toggle('done', stage !== 'idle' && order.indexOf(item.dataset.stage) > 0 && order.indexOf(item.dataset.stage) < order.indexOf(stage));
  }
  document.body.dataset.state = state;
  $('current-state').textContent = '· ' + state;
  const history = window.__stateHistory;
  if (history[history.length - 1] !== state) history.push(state);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function enqueueSteps(steps) {
  for (const step of steps) view.queue.push(step);
  if (!view.playing) play(view.generation);
}

async function play(generation) {
  view.playing = true;
  while (view.queue.length > 0 && generation === view.generation) {
    const step = view.queue.shift();
    showState(step.state, step.edges, step.seq);
    // Fall behind a busy session and the picture would lag for minutes: catch up faster.
    await sleep(view.queue.length > 12 ? DWELL_MS / 6 : DWELL_MS);
  }
  if (generation === view.generation) view.playing = false;
}

// ---- call links ----------------------------------------------------------------------------

function callRef(id) {
  const link = el('a', 'call-ref', id);
  link.href = '#msg-call-' + encodeURIComponent(String(id));
  link.dataset.callId = String(id);
  link.title = 'Show every place tool call ' + id + ' appears';
  link.addEventListener('click', (event) => {
    event.preventDefault();
    linkCall(String(id));
  });
  return link;
}

function linkCall(id) {
  for (const node of document.querySelectorAll('.linked')) node.classList.remove('linked');
  // Compared in JavaScript, not in a selector: an id is model output and may contain anything.
  const matches = Array.from(document.querySelectorAll('[data-call-id]')).filter((node) => node.dataset.callId === id);
  // The links sit inside the rows they belong to: outlining both would draw every box twice.
  for (const node of matches) if (!node.classList.contains('call-ref')) node.classList.add('linked');
  const target = document.getElementById('msg-call-' + id) || matches[0];
  if (target) target.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

// ---- timeline ------------------------------------------------------------------------------

function offset(time) {
  const start = view.session ? view.session.startedAt : time;
  return '+' + ((time - start) / 1000).toFixed(3) + ' s';
}

function line(parent, className) {
  const node = el('div', 'line' + (className ? ' ' + className : ''));
  parent.append(node);
  return node;
}

function renderRecord(detail, record) {
  if (!isObject(record)) return;
  switch (record.stage) {
    case 'connect': {
      const tools = Array.isArray(record.tools) ? record.tools.join(', ') : '';
      line(detail).textContent = 'model ' + record.model + ' · tools: ' + tools + ' · ' + (record.parallelToolCalls ? 'parallel' : 'sequential') + ' calls · max ' + record.maxSteps + ' steps';
      break;
    }
    case 'decide':
    case 'respond': {
      const calls = Array.isArray(record.toolCalls) ? record.toolCalls : [];
      for (const call of calls) {
        const row = line(detail, 'call');
        row.dataset.callId = String(call.id);
        row.append(callRef(call.id), ' ', el('span', 'tool-name', call.name), ' ', el('span', 'args', call.arguments));
        const failure = (Array.isArray(record.checkErrors) ? record.checkErrors : []).find((check) => check.toolCallId === call.id);
        if (failure && isObject(failure.error)) row.append(' ', el('span', 'error-text', '✗ ' + failure.error.kind + ': ' + failure.error.message));
      }
      line(detail, 'meta').textContent = 'call: ' + calls.length + (calls.length === 1 ? ' call → ' : ' calls → ') + String(record.state).replace('executing.', '');
      break;
    }
    case 'execute': {
      const row = line(detail, 'call');
      row.dataset.callId = String(record.toolCallId);
      row.append(callRef(record.toolCallId), ' ', el('span', 'tool-name', record.name), ' ');
      if (isObject(record.error)) row.append(el('span', 'error-text', '✗ ' + record.error.kind + ': ' + record.error.message));
      else row.append('→ ', el('span', 'result', json(record.result, false)));
      row.append(' ', el('span', 'meta', formatMs(record.durationMs)));
      break;
    }
    case 'answer': {
      const usage = isObject(record.usage) ? record.usage : {};
      line(detail, 'meta').textContent =
        'answer after ' + record.from + ' · ' + usage.totalTokens + ' tokens (prompt ' + usage.promptTokens + ', completion ' + usage.completionTokens + ')' +
        (record.stopReason && record.stopReason !== 'stop' ? ' · stopped: ' + record.stopReason : '');
      if (record.content) line(detail, 'answer-text').textContent = record.content;
      break;
    }
    case 'failed':
      line(detail, 'error-text').textContent = (isObject(record.error) ? record.error.name + ': ' + record.error.message : 'failed');
      break;
    case 'cancelled':
      line(detail, 'error-text').textContent = 'cancelled';
      break;
  }
}

function renderEntry(entry) {
  const item = el('li', 'entry kind-' + (entry.kind === 'actor' ? 'actor' : 'transition'));
  item.dataset.seq = String(entry.seq);
  const head = el('div', 'head');
  const summary = el('div', 'summary');
  head.append(el('span', 'time', offset(entry.time)), summary);
  item.append(head);
  if (entry.kind === 'actor') {
    summary.append(el('span', 'meta', '▶ started ' + entry.actorId));
    return item;
  }
  const records = Array.isArray(entry.records) ? entry.records : [];
  const stages = records.map((record) => record && record.stage).filter((stage) => KNOWN_STAGES.includes(stage));
  if (stages.length > 0) item.classList.add('stage-' + stages[stages.length - 1]);
  item.dataset.event = String(entry.eventType);
  summary.append(el('span', 'event', entry.eventType));
  const path = [entry.from];
  for (const step of Array.isArray(entry.microsteps) ? entry.microsteps : []) if (path[path.length - 1] !== step.state) path.push(step.state);
  summary.append(el('span', 'path', path.join(' → ')));
  if (entry.source) summary.append(el('span', 'meta', 'from ' + entry.source));
  if (typeof entry.durationMs === 'number') summary.append(el('span', 'meta', formatMs(entry.durationMs)));
  const detail = el('div', 'detail');
  if (entry.eventType === 'user.message' && isObject(entry.event)) line(detail).textContent = '“' + entry.event.content + '”';
  for (const record of records) renderRecord(detail, record);
  if (isObject(entry.usage)) line(detail, 'meta').textContent = 'session usage: ' + entry.usage.totalTokens + ' tokens';
  const payload = el('details');
  payload.append(el('summary', '', 'payload'), el('pre', '', json(entry.event, true)));
  detail.append(payload);
  item.append(detail);
  return item;
}

function appendEntry(entry) {
  const list = $('timeline');
  const panel = $('timeline-panel');
  const atBottom = panel.scrollTop + panel.clientHeight >= panel.scrollHeight - 40;
  list.append(renderEntry(entry));
  $('timeline-empty').hidden = true;
  $('timeline-count').textContent = '(' + list.children.length + ')';
  if (atBottom) panel.scrollTop = panel.scrollHeight;
}

// ---- messages ------------------------------------------------------------------------------

function contentText(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : json(part, false))).join('\n');
  return content === null || content === undefined ? '' : json(content, true);
}

function prettyIfJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (error) {
    return text;
  }
}

function renderMessages() {
  const list = $('messages');
  list.replaceChildren();
  for (const message of view.messages) {
    if (!isObject(message)) continue;
    const role = ROLES.includes(message.role) ? message.role : 'other';
    const item = el('li', 'message role-' + role);
    item.append(el('div', 'role', message.role));
    if (message.role === 'tool') {
      const answers = el('div', 'answers meta');
      answers.dataset.callId = String(message.tool_call_id);
      answers.append('answers ', callRef(message.tool_call_id));
      item.append(answers);
    }
    const text = contentText(message.content);
    if (text) item.append(el('div', 'content', message.role === 'tool' ? prettyIfJson(text) : text));
    if (typeof message.refusal === 'string') item.append(el('div', 'content error-text', 'refusal: ' + message.refusal));
    for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
      if (!isObject(call)) continue;
      const box = el('div', 'tool-call');
      box.id = 'msg-call-' + call.id;
      box.dataset.callId = String(call.id);
      const fn = isObject(call.function) ? call.function : {};
      box.append(el('span', 'tool-name', fn.name), ' ', callRef(call.id));
      box.append(el('pre', 'args', prettyIfJson(String(fn.arguments))));
      item.append(box);
    }
    list.append(item);
  }
  $('message-count').textContent = '(' + view.messages.length + ')';
}

// ---- sessions and the stream ---------------------------------------------------------------

function sessionLabel(session) {
  return session.label + (session.model ? ' · ' + session.model : '') + ' · ' + session.state + (session.status !== 'active' ? ' (' + session.status + ')' : '');
}

function renderSessions() {
  const picker = $('session-picker');
  picker.replaceChildren();
  if (view.sessions.length === 0) picker.append(el('option', '', 'waiting for a session…'));
  for (const session of view.sessions) {
    const option = el('option', '', sessionLabel(session));
    option.value = session.id;
    option.selected = session.id === view.sessionId;
    picker.append(option);
  }
  picker.disabled = view.sessions.length === 0;
  const current = view.sessions.find((session) => session.id === view.sessionId);
  if (current) {
    view.session = current;
    $('session-status').textContent = current.status === 'active' ? 'active' : current.status;
  }
}

function onSessions(sessions) {
  view.sessions = Array.isArray(sessions) ? sessions : [];
  const newest = view.sessions[view.sessions.length - 1];
  renderSessions();
  if (newest && (view.sessionId === undefined || (view.followLatest && newest.id !== view.sessionId))) selectSession(newest.id);
}

function applyEntry(entry, live) {
  if (!isObject(entry) || typeof entry.seq !== 'number' || entry.seq <= view.lastSeq) return;
  view.lastSeq = entry.seq;
  appendEntry(entry);
  // A replay takes the conversation from the history as a whole; only live steps apply deltas.
  if (entry.kind !== 'transition' || !live) return;
  if (isObject(entry.messages) && Array.isArray(entry.messages.items)) {
    view.messages = view.messages.slice(0, entry.messages.from).concat(entry.messages.items);
    renderMessages();
  }
  const steps = Array.isArray(entry.microsteps) ? entry.microsteps : [];
  enqueueSteps(steps.map((step) => ({ state: String(step.state), edges: Array.isArray(step.edges) ? step.edges : [], seq: entry.seq })));
}

function openStream(sessionId) {
  if (view.source) view.source.close();
  const query = sessionId === undefined ? '' : '?session=' + encodeURIComponent(sessionId) + '&after=' + view.lastSeq;
  const source = new EventSource('/api/stream' + query);
  view.source = source;
  const status = $('connection');
  status.dataset.status = 'connecting';
  status.textContent = 'connecting…';
  source.onopen = () => {
    status.dataset.status = 'live';
    status.textContent = 'live';
  };
  source.onerror = () => {
    status.dataset.status = 'reconnecting';
    status.textContent = source.readyState === EventSource.CLOSED ? 'disconnected' : 'reconnecting…';
  };
  source.addEventListener('sessions', (event) => onSessions(JSON.parse(event.data)));
  source.addEventListener('entry', (event) => applyEntry(JSON.parse(event.data), true));
  source.addEventListener('reset', () => selectSession(view.sessionId));
  source.addEventListener('missing', () => {
    $('timeline-empty').hidden = false;
    $('timeline-empty').textContent = 'That session is no longer kept by the inspector.';
  });
}

async function selectSession(sessionId) {
  view.generation += 1;
  const generation = view.generation;
  view.sessionId = sessionId;
  view.queue = [];
  view.playing = false;
  view.lastSeq = 0;
  view.messages = [];
  if (view.source) view.source.close();
  view.source = undefined;
  $('timeline').replaceChildren();
  $('timeline-count').textContent = '';
  renderMessages();
  renderSessions();
  const response = await fetch('/api/sessions/' + encodeURIComponent(sessionId) + '/history');
  if (generation !== view.generation) return;
  if (!response.ok) {
    $('timeline-empty').hidden = false;
    $('timeline-empty').textContent = 'That session is no longer kept by the inspector.';
    return openStream(undefined);
  }
  const history = await response.json();
  if (generation !== view.generation) return;
  view.session = history.session;
  // A reload replays the retained history at once; only live steps are animated.
  for (const entry of history.entries) applyEntry(entry, false);
  view.lastSeq = history.session.lastSeq;
  view.messages = Array.isArray(history.messages) ? history.messages : [];
  renderMessages();
  if (history.dropped > 0) {
    const note = el('li', 'entry kind-actor', history.dropped + ' older entries were dropped');
    $('timeline').prepend(note);
  }
  const last = history.entries.filter((entry) => entry.kind === 'transition').pop();
  const lastStep = last && last.microsteps.length > 0 ? last.microsteps[last.microsteps.length - 1] : undefined;
  showState(history.session.state, lastStep ? lastStep.edges : []);
  renderSessions();
  openStream(sessionId);
}

$('session-picker').addEventListener('change', (event) => {
  const chosen = event.target.value;
  if (!chosen) return;
  // Picking by hand stops the page from jumping to newer sessions.
  view.followLatest = chosen === (view.sessions[view.sessions.length - 1] || {}).id;
  selectSession(chosen);
});

loadDiagram().catch((error) => {
  $('diagram').textContent = 'The diagram could not be loaded: ' + error.message;
});
openStream(undefined);
`;
