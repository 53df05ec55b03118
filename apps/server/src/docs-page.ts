import type { OpenAPIObject } from 'trpc-to-openapi';

type Json = Record<string, unknown>;

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch);

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

function resolve(document: OpenAPIObject, schema: Json | undefined): Json | undefined {
  const ref = schema?.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.split('/').pop() ?? '';
  return (document.components?.schemas?.[name] as Json | undefined) ?? schema;
}

function typeOf(document: OpenAPIObject, raw: Json | undefined): string {
  const schema = resolve(document, raw);
  if (!schema) return 'any';
  if (Array.isArray(schema.anyOf))
    return (schema.anyOf as Json[]).map((s) => typeOf(document, s)).join(' | ');
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
  if (schema.type === 'array') return `${typeOf(document, schema.items as Json)}[]`;
  const format = typeof schema.format === 'string' ? ` (${schema.format})` : '';
  return `${Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'object')}${format}`;
}

function fieldsTable(document: OpenAPIObject, raw: Json | undefined): string {
  const schema = resolve(document, raw);
  const properties = (schema?.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema?.required as string[] | undefined) ?? []);
  const rows = Object.entries(properties).map(
    ([name, prop]) =>
      `<tr><td>${code(name)}</td><td>${escapeHtml(typeOf(document, prop))}</td><td>${required.has(name) ? 'yes' : 'no'}</td><td>${escapeHtml(String(resolve(document, prop)?.description ?? ''))}</td></tr>`,
  );
  return rows.length
    ? `<table><tr><th>Field</th><th>Type</th><th>Required</th><th>Description</th></tr>${rows.join('')}</table>`
    : '';
}

function operationHtml(
  document: OpenAPIObject,
  path: string,
  method: string,
  op: Json,
  origin: string,
): string {
  const params = ((op.parameters as Json[] | undefined) ?? []).map(
    (p) =>
      `<tr><td>${code(String(p.name))}</td><td>${escapeHtml(String(p.in))}</td><td>${escapeHtml(typeOf(document, p.schema as Json))}</td><td>${escapeHtml(String((p.schema as Json | undefined)?.default ?? '—'))}</td><td>${escapeHtml(String(p.description ?? (p.schema as Json | undefined)?.description ?? ''))}</td></tr>`,
  );
  const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
  const responses = Object.entries(op.responses as Record<string, Json>).map(([status, response]) => {
    const content = (response.content as Record<string, Json> | undefined)?.['application/json'];
    const examples = Object.keys((content?.examples as Json | undefined) ?? {});
    return `<li>${code(status)} ${escapeHtml(String(response.description ?? ''))}${examples.length ? ` — ${examples.map(code).join(', ')}` : ''}</li>`;
  });
  const fullPath = `/api/v1${path}`;
  return `<section id="${escapeHtml(String(op.operationId ?? path))}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> ${code(fullPath)}</h3>
<p>${escapeHtml(String(op.description ?? op.summary ?? ''))}</p>
${params.length ? `<h4>Parameters</h4><table><tr><th>Name</th><th>In</th><th>Type</th><th>Default</th><th>Description</th></tr>${params.join('')}</table>` : ''}
${body ? `<h4>Body (application/json)</h4>${fieldsTable(document, body['application/json']?.schema as Json)}` : ''}
<h4>Responses</h4><ul>${responses.join('')}</ul>
<pre>curl -X ${method.toUpperCase()} ${escapeHtml(origin + fullPath.replace('{id}', 'sess_abc123'))} \\
  -H "Authorization: Bearer drift_your_api_key_here"</pre>
</section>`;
}

/**
 * The origin a client reached this server at, for the curl examples: the request's protocol and
 * Host header. A Host that is not a plain host[:port] gives the development default instead.
 */
export function requestOrigin(request: { protocol: string; host: string }): string {
  const host = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(request.host)
    ? request.host
    : 'localhost:3000';
  return `${request.protocol === 'https' ? 'https' : 'http'}://${host}`;
}

/** Where the page puts the origin of its curl examples: a character no escaped text contains. */
const ORIGIN_SLOT = '\u0000';

/**
 * The reference page, rendered once; the returned function fills in the origin a reader reached
 * the server at (see requestOrigin) without rendering again.
 */
export function docsPage(document: OpenAPIObject): (origin: string) => string {
  const parts = renderDocsPage(document, ORIGIN_SLOT).split(ORIGIN_SLOT);
  return (origin) => parts.join(escapeHtml(origin));
}

/** A self-contained reference page (no CDN): the same document as /api/v1/openapi.json, readable. */
function renderDocsPage(document: OpenAPIObject, origin: string): string {
  const sections = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Json>).map(([method, op]) =>
      operationHtml(document, path, method, op, origin),
    ),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Drift API reference</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1f2328}
table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
pre{background:#f6f8fa;padding:.75rem;overflow:auto}.method{font-weight:700;padding:0 .4rem;border-radius:4px;background:#ddf4ff}
section{border-top:1px solid #d0d7de;margin-top:1.5rem}
</style></head><body>
<h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description ?? '')}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}).</p>
<h2>Errors</h2>
<pre>{ "error": { "message": "OOO session not found", "code": "NOT_FOUND" } }</pre>
<h2>Operations</h2>
${sections.join('\n')}
</body></html>`;
}
