/**
 * The inspector page's markup. It holds no data: everything shown arrives as JSON from the API
 * (the machine's states and stages included) and is written with `textContent`, so a tool result
 * can never become markup.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>toolcycle inspector</title>
<link rel="stylesheet" href="/app.css">
</head>
<body data-state="">
<header>
  <h1>toolcycle <span>inspector</span></h1>
  <label class="picker">Session <select id="session-picker" disabled><option value="">waiting for a session…</option></select></label>
  <span id="session-status" class="badge"></span>
  <ol id="stages" aria-label="Lifecycle stages"></ol>
  <span id="replay-status" class="replay" role="status" hidden></span>
  <span id="connection" class="connection" data-status="connecting">connecting…</span>
</header>
<main>
  <section id="diagram-panel" aria-label="Lifecycle diagram">
    <h2>Lifecycle <span id="current-state" class="muted"></span> <span id="last-transition" class="muted via"></span>
      <button id="zoom" type="button" title="Switch between the readable width and the whole picture at once">whole picture</button></h2>
    <div id="diagram"></div>
  </section>
  <section id="timeline-panel" aria-label="Timeline">
    <h2>Timeline <span id="timeline-count" class="muted"></span></h2>
    <p id="timeline-empty" class="muted">Nothing yet. Pass this inspector's <code>inspect</code> to <code>createSession</code>, or run <code>toolcycle chat --inspect</code>, and ask something.</p>
    <ol id="timeline"></ol>
  </section>
  <section id="messages-panel" aria-label="Conversation">
    <h2>Messages <span id="message-count" class="muted"></span></h2>
    <ol id="messages"></ol>
  </section>
</main>
<script type="module" src="/app.js"></script>
</body>
</html>
`;
