// Writes the OpenAPI document the server serves at /api/v1/openapi.json to the file named by argv[2].
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../src/openapi.ts';

const target = process.argv[2];
if (!target) {
  console.error('usage: tsx packages/api/scripts/write-openapi.ts <file.json>');
  process.exit(2);
}
// The same base URL apps/server/src/app.ts passes (API_PREFIX).
writeFileSync(target, `${JSON.stringify(buildOpenApiDocument({ baseUrl: '/api/v1' }), null, 2)}\n`);
