/** The model's URL goes in a meta tag: the page is static, the model's port is chosen at start. */
export const MODEL_URL_META = 'toolcycle-model';

function escapeAttribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

export function pageHtml(options: { title: string; script: string; stylesheet?: string; modelBaseURL: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="${MODEL_URL_META}" content="${escapeAttribute(options.modelBaseURL)}">
<link rel="icon" href="data:,">
<title>${options.title}</title>
${options.stylesheet ? `<link rel="stylesheet" href="${options.stylesheet}">` : ''}
</head>
<body>
<div id="root"></div>
<script type="module" src="${options.script}"></script>
</body>
</html>
`;
}
