import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { ValidationError } from '../infra/errors.ts';
import { textIssues } from '../infra/validation.ts';

/**
 * One guard for every text input of the API: each field that takes arguments checks every string in
 * them (and the names of uploaded files) before its resolver runs, and refuses control characters and
 * broken Unicode with a ValidationError naming each field's path, e.g. ["input", "skus", "0", "sellerSku"].
 * A mutation returns it as its typed ValidationError; a query field reports it as a VALIDATION_FAILED error.
 * Per-field zod schemas check meaning (lengths, formats); this checks what no text may hold at all.
 */
export class TextInputGuardPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (Object.keys(fieldConfig.args).length === 0) return resolver;
    return (parent, args, context, info) => {
      const issues = Object.entries(args).flatMap(([name, value]) => textIssues(value, [name]));
      if (issues.length > 0) throw new ValidationError(issues);
      return resolver(parent, args, context, info);
    };
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      textInputGuard: TextInputGuardPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin('textInputGuard', TextInputGuardPlugin);

export default 'textInputGuard' as const;
