// Reads the served OpenAPI document into what the fuzz tests need: operations, their parameters and
// body schemas, the codes documented per error status, and ajv validators for the success bodies.
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenAPIV3_1 } from 'openapi-types';

type Document = OpenAPIV3_1.Document;
type Operation = OpenAPIV3_1.OperationObject;
export type Schema = OpenAPIV3_1.SchemaObject;

export interface FuzzParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}

export interface FuzzOperation {
  /** e.g. `PATCH /ooo-sessions/{id}` */
  key: string;
  method: string;
  /** The OpenAPI path, relative to the server url. */
  path: string;
  parameters: FuzzParameter[];
  /** The JSON body's schema, when the operation takes one. */
  body: Schema | null;
  successStatus: number;
  validateSuccess: ValidateFunction;
  /** Status -> the codes the document lists for it (from the examples of the Error response). */
  errorCodes: Map<number, Set<string>>;
}

const METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const;

/** Every operation of the document, dereferenced, with compiled validators for the 2xx bodies. */
export async function fuzzOperations(document: unknown): Promise<FuzzOperation[]> {
  const doc = (await SwaggerParser.dereference(structuredClone(document) as never)) as Document;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const result: FuzzOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method] as Operation | undefined;
      if (!op) continue;
      const parameters = ((op.parameters ?? []) as OpenAPIV3_1.ParameterObject[]).map((p) => ({
        name: p.name,
        in: p.in as 'path' | 'query',
        required: p.required ?? false,
        schema: (p.schema ?? {}) as Schema,
      }));
      const requestBody = op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
      const body = (requestBody?.content['application/json']?.schema ?? null) as Schema | null;
      const responses = (op.responses ?? {}) as Record<string, OpenAPIV3_1.ResponseObject>;
      const success = Object.keys(responses).find((s) => Number(s) < 400);
      if (!success) throw new Error(`${method} ${path} documents no success response`);
      const successSchema = responses[success]?.content?.['application/json']?.schema;
      if (!successSchema) throw new Error(`${method} ${path} ${success} has no schema`);
      const errorCodes = new Map<number, Set<string>>();
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        const examples = response.content?.['application/json']?.examples ?? {};
        errorCodes.set(Number(status), new Set(Object.keys(examples)));
      }
      result.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters,
        body,
        successStatus: Number(success),
        validateSuccess: ajv.compile(successSchema),
        errorCodes,
      });
    }
  }
  return result;
}

/** Every code the document lists for a status on any operation: for requests that match none. */
export function documentedCodesAnywhere(operations: FuzzOperation[]): Map<number, Set<string>> {
  const all = new Map<number, Set<string>>();
  for (const op of operations) {
    for (const [status, codes] of op.errorCodes) {
      const set = all.get(status) ?? new Set<string>();
      for (const code of codes) set.add(code);
      all.set(status, set);
    }
  }
  return all;
}
