/** A self-contained, human-readable API reference rendered from the OpenAPI document (GET /docs). */
type Operation = {
  summary: string;
  tags: string[];
  'x-auth': string;
  parameters: Array<{ name: string; in: string; required: boolean; schema: unknown; description?: string }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};
type Document = { info: { title: string; version: string; description: string }; paths: Record<string, Record<string, Operation>> };

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const schemaBlock = (schema: unknown) => `<pre>${escape(JSON.stringify(schema, null, 2))}</pre>`;

export function renderDocsPage(document: Document): string {
  const byTag = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = operation.parameters
        .map((p) => `<li><code>${escape(p.name)}</code> (${p.in}${p.required ? ', required' : ''})${p.description ? ` — ${escape(p.description)}` : ''}</li>`)
        .join('');
      const body = operation.requestBody
        ? `<h4>Request body</h4>${schemaBlock(Object.values(operation.requestBody.content)[0]?.schema)}`
        : '';
      const responses = Object.entries(operation.responses)
        .map(([status, response]) => {
          const schema = response.content ? Object.values(response.content)[0]?.schema : undefined;
          const isError = Number(status) >= 400;
          return `<li><b>${status}</b> ${escape(response.description)}${schema && !isError ? schemaBlock(schema) : ''}</li>`;
        })
        .join('');
      const html = `<section id="${method}-${escape(path)}">
  <h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code> <span class="auth">${escape(operation['x-auth'])}</span></h3>
  <p>${escape(operation.summary)}</p>
  ${parameters ? `<h4>Parameters</h4><ul>${parameters}</ul>` : ''}${body}
  <h4>Responses</h4><ul>${responses}</ul>
</section>`;
      const tag = operation.tags[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const sections = [...byTag.entries()].map(([tag, items]) => `<h2>${escape(tag)}</h2>${items.join('\n')}`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(document.info.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1d2330;line-height:1.45}
section{border:1px solid #dde2ea;border-radius:8px;padding:.5rem 1rem;margin:1rem 0}
pre{background:#f5f7fa;padding:.6rem;border-radius:6px;overflow:auto;font-size:.8rem;max-height:24rem}
.method{display:inline-block;min-width:4.5rem;text-align:center;border-radius:4px;color:#fff;font-size:.8rem;padding:.1rem .3rem}
.get{background:#2f7d32}.post{background:#1565c0}.put{background:#6a1b9a}.patch{background:#ef6c00}.delete{background:#c62828}
.auth{font-size:.75rem;background:#eef1f6;border-radius:4px;padding:.1rem .4rem;margin-left:.5rem}
</style></head><body>
<h1>${escape(document.info.title)} <small>${escape(document.info.version)}</small></h1>
<p>${escape(document.info.description)}</p>
<p>Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a>. Local tokens: <code>POST /_local/token</code>.</p>
${sections}
</body></html>`;
}
