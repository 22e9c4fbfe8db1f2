import { DateResolver, DateTimeResolver } from 'graphql-scalars';
import { builder } from './builder.ts';

builder.addScalarType('DateTime', DateTimeResolver, {
  description: 'An instant in time, as an ISO 8601 string with a time zone offset, e.g. 2026-11-23T08:30:00.000Z.',
});

builder.addScalarType('Date', DateResolver, {
  description: 'A calendar date without time, as an ISO 8601 string, e.g. 1990-04-17.',
});

builder.scalarType('Decimal', {
  description:
    'An exact decimal number written as a string, e.g. "10.50". Used for money so that no client parses it as a floating-point number.',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)) {
      throw new TypeError('Decimal must be a string of digits with an optional fractional part, e.g. "10.50"');
    }
    return value;
  },
});

builder.scalarType('Upload', {
  description:
    'A file sent with the GraphQL multipart request specification (a multipart/form-data request with `operations`, `map` and the files).',
  serialize: () => {
    throw new TypeError('Upload is an input-only scalar');
  },
  // The multipart parser hands over its own File implementation, so check the shape, not the class.
  parseValue: (value) => {
    const file = value as Partial<File> | null;
    if (typeof file?.arrayBuffer !== 'function' || typeof file.name !== 'string' || typeof file.size !== 'number') {
      throw new TypeError('Upload must be a file part of a multipart request');
    }
    return value as File;
  },
});
