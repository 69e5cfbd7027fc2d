/** The part of JSON Schema (draft-07) the project settings schema uses. */
export interface JsonSchema {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'boolean' | 'number' | 'integer';
  enum?: readonly unknown[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: readonly string[];
  items?: JsonSchema;
  anyOf?: readonly JsonSchema[];
  minLength?: number;
  format?: string;
  description?: string;
  definitions?: Record<string, JsonSchema>;
}

/** Follows a local `#/definitions/name` reference (the only kind the schema uses). */
export function resolveRef(root: JsonSchema, schema: JsonSchema): JsonSchema {
  let current = schema;
  while (current.$ref !== undefined) {
    const name = /^#\/definitions\/(.+)$/.exec(current.$ref)?.[1];
    const target = name === undefined ? undefined : root.definitions?.[name];
    if (target === undefined) {
      throw new Error(`unresolvable $ref ${current.$ref}`);
    }
    // Keywords next to $ref (a description) do not change validation.
    current = target;
  }
  return current;
}
