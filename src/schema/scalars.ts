import { DateResolver, DateTimeResolver } from 'graphql-scalars';
import { GraphQLError, GraphQLScalarType, Kind, type GraphQLScalarTypeConfig, type ValueNode } from 'graphql';
import { builder } from './builder.ts';

/**
 * Custom scalars. Every one refuses a bad value with a GraphQLError, which graphql-js reports as a
 * coercion error of the variable or argument before anything runs (HTTP 400 under
 * graphql-response+json). Any other exception thrown there would count as a server failure (HTTP 500).
 */

function coercionError(error: unknown, nodes?: ValueNode): GraphQLError {
  if (error instanceof GraphQLError) return error;
  return new GraphQLError(error instanceof Error ? error.message : String(error), { nodes });
}

/** The scalar with its input coercion turned into coercion errors whatever the implementation throws. */
function strict<Internal, External>(scalar: GraphQLScalarType<Internal, External>): GraphQLScalarTypeConfig<Internal, External> {
  const config = scalar.toConfig();
  return {
    ...config,
    parseValue: (value) => {
      try {
        return config.parseValue(value);
      } catch (error) {
        throw coercionError(error);
      }
    },
    parseLiteral: (node, variables) => {
      try {
        return config.parseLiteral(node, variables);
      } catch (error) {
        throw coercionError(error, node);
      }
    },
  };
}

builder.addScalarType('DateTime', new GraphQLScalarType(strict(DateTimeResolver)), {
  description: 'An instant in time, as an ISO 8601 string with a time zone offset, e.g. 2026-11-23T08:30:00.000Z.',
});

builder.addScalarType('Date', new GraphQLScalarType(strict(DateResolver)), {
  description: 'A calendar date without time, as an ISO 8601 string, e.g. 1990-04-17.',
});

const DECIMAL = /^-?\d+(\.\d+)?$/;

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL.test(value) || value.length > 40) {
    throw new GraphQLError(
      `Decimal must be a string of digits with an optional fractional part, e.g. "10.50"; got ${JSON.stringify(value)?.slice(0, 50)}`,
    );
  }
  return value;
}

builder.scalarType('Decimal', {
  description:
    'An exact decimal number written as a string, e.g. "10.50". Used for money so that no client parses it as a floating-point number.',
  serialize: (value) => value,
  parseValue: parseDecimal,
  parseLiteral: (node) => {
    if (node.kind !== Kind.STRING) throw new GraphQLError('Decimal must be written as a string, e.g. "10.50"', { nodes: node });
    try {
      return parseDecimal(node.value);
    } catch (error) {
      throw coercionError(error, node);
    }
  },
});

builder.scalarType('Upload', {
  description:
    'A file sent with the GraphQL multipart request specification (a multipart/form-data request with `operations`, `map` and the files).',
  serialize: () => {
    throw new GraphQLError('Upload is an input-only scalar');
  },
  // The multipart parser hands over its own File implementation, so check the shape, not the class.
  parseValue: (value) => {
    const file = value as Partial<File> | null;
    if (typeof file?.arrayBuffer !== 'function' || typeof file.name !== 'string' || typeof file.size !== 'number') {
      throw new GraphQLError('Upload must be a file part of a multipart request');
    }
    return value as File;
  },
  parseLiteral: (node) => {
    throw new GraphQLError('Upload must be a file part of a multipart request, not a literal', { nodes: node });
  },
});
