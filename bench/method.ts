/** How everything was measured, as results.json records it (README.md explains the same at length). */
export const METHOD: Record<string, string> = {
  server:
    'offline model (src/offline-model) in scripted mode, in a worker thread of this process, on 127.0.0.1; replies derived from each request; every request validated like the real API',
  serverWall: 'per request, server side: diagnostics_channel http.server.request.start → http.server.response.finish, summed per turn',
  cpu: 'process.cpuUsage() over the turn (all threads, V8 GC helpers included) − the server thread\'s CPU over the same turn',
  wallOverhead: 'turn wall time − server wall time',
  turn: 'prompt → every tool round → final answer, timed around the contender call, verified (answer, tool executions, requests)',
  interleaving:
    'each round runs a batch on every cell, cells of a block in rotated order, after an untimed full GC (round) and young-generation GC (batch); figures are means per turn per round (TTFT: median), reported as median (min–max) over rounds; × plain is taken round by round',
  heap: 'heapUsed growth after forced GCs, per session, in child processes; idle sessions and sessions parked inside a tool call that has not resolved',
  concurrency: 'N long-lived conversations running turns at once; turns/s = turns ÷ burst wall time; server utilisation = its event loop utilisation during the burst',
};
