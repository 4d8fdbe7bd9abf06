import { DEFAULT_INSPECTOR_PORT, DEFAULT_TIMEOUT_MS } from './cli-options.js';

export const USAGE = `Usage: toolcycle [chat] [options]
       toolcycle worker --database-url URL --worker-id ID [options]   (a durable worker; see toolcycle worker --help)

Options:
  --model NAME        model to use (default: gpt-4o-mini, or toolcycle-offline without an API key)
  --base-url URL      OpenAI-compatible server, http:// or https:// (default: $OPENAI_BASE_URL)
  --no-parallel       one tool call at a time (parallel_tool_calls: false)
  --no-stream         wait for whole replies instead of printing them as they are written
  --max-steps N       tool rounds per turn before a final answer is forced (default 8)
  --timeout MS        how long one API attempt waits for the server to answer (default ${DEFAULT_TIMEOUT_MS})
  --max-retries N     retries after a timeout, connection error, 408, 409, 429 or 5xx (default 2)
  --session FILE      keep the conversation in FILE.json and continue it on the next run
  --session URL       the same in PostgreSQL: postgres://user@host/db#name (#toolcycle-chat if none)
  --api responses     speak the Responses API instead of Chat Completions (--api chat)
  --server-state      with --api responses: keep the conversation on the server (previous_response_id)
  --mcp "CMD ARGS…"   add an MCP server's tools: a command to start (stdio), or --mcp URL (Streamable HTTP);
                      repeatable, each server's tools named <server>_<tool>
  --durable URL       run every turn on \`toolcycle worker\` processes on this PostgreSQL (postgres://…)
  --conversation ID   with --durable: continue that conversation (default: a new one; its id is printed)
  --app-name NAME     with --durable: the workers' --app-name (default toolcycle)
  --json              one JSON object per line instead of the readable trace
  --keep-going        exit 0 even when the last turn got no answer
  --inspect [PORT]    live inspector page on 127.0.0.1 (default port ${DEFAULT_INSPECTOR_PORT}; 0 picks a free one)
  -v, --version       print the version
  -h, --help          show this help

At the prompt: /help, /retry (resend a failed request), exit, quit or 退出 (or Ctrl-D) to leave.
Ctrl-C cancels the turn in progress; at the prompt it leaves. A call that needs approval asks
[y/N/e]: yes, no, or edit its JSON arguments. In a pipe, the next input line is the answer.

With neither OPENAI_API_KEY nor a base URL, toolcycle starts its offline demo model on 127.0.0.1.

Exit codes: 0 done; 1 the last turn did not end with an answer (failed, cancelled, or left waiting
for approval), or toolcycle could not start; 2 unusable options.`;
