import { pino, type Logger } from 'pino';

export type { Logger };

/** The process logger: JSON lines on stdout; child loggers carry the request id. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: { paths: ['req.headers.authorization', '*.password', '*.accountNumber'], remove: true },
  });
}
