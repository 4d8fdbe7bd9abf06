import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ArgumentIssue } from '../conversation/tool-call-error.js';
import { dropNullsForOptionalProperties, type JsonSchema } from '../tool-definition/strict-json-schema.js';
import type { ArgumentsCheck } from '../tool-definition/tool.js';

/** The arguments of an MCP tool call: always a JSON object. */
export type McpArguments = Record<string, unknown>;

export type McpArgumentsChecker = (value: unknown) => ArgumentsCheck<McpArguments>;

/**
 * Compiles the server's input schemas so a call's arguments are checked before it is sent, and the
 * model gets every `invalid_arguments` issue at once instead of a server's first complaint.
 *
 * Ajv directly rather than the MCP SDK's `AjvJsonSchemaValidator` (which wraps the same Ajv): the
 * SDK's joins all errors into one string, and the model needs each issue with its path. One
 * instance per listing, since Ajv keeps every schema it compiled for the life of the instance.
 * Formats are not checked (that needs ajv-formats); the server still validates its own arguments.
 */
export function createArgumentsCheckers() {
  let draft7: Ajv | undefined;
  let draft2020: Ajv2020 | undefined;
  const options = { strict: false, allErrors: true, validateFormats: false, validateSchema: false } as const;

  /** A checker, or why the schema cannot be compiled. */
  return (schema: JsonSchema, sentStrict: boolean): McpArgumentsChecker | { problem: string } => {
    const { $schema, ...rest } = schema;
    // MCP's default dialect is 2020-12; servers built on zod-to-json-schema say draft-07.
    const older = typeof $schema === 'string' && /draft-0[4-7]/.test($schema);
    let validate: ValidateFunction;
    try {
      validate = older ? (draft7 ??= new Ajv(options)).compile(rest) : (draft2020 ??= new Ajv2020(options)).compile(rest);
    } catch (error) {
      return { problem: error instanceof Error ? error.message : String(error) };
    }
    return (value) => {
      // Strict mode made optional properties required and nullable: a null there means "left out".
      const args = sentStrict ? dropNullsForOptionalProperties(value, schema) : value;
      if (validate(args)) return { ok: true, args: args as McpArguments };
      return { ok: false, issues: (validate.errors ?? []).map(issueOf) };
    };
  };
}

function issueOf(error: ErrorObject): ArgumentIssue {
  const path = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/').map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
  const params = error.params as { missingProperty?: unknown; additionalProperty?: unknown };
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') path.push(params.missingProperty);
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') path.push(params.additionalProperty);
  return { path: path.join('.'), message: error.message ?? `fails "${error.keyword}"` };
}
