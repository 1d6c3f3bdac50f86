/** How core reports progress without printing: the CLI adapts it to a spinner; default is silent. */
export interface Progress {
  start(step: string): void;
  update(text: string): void;
  succeed(step: string): void;
  fail(step: string, error?: unknown): void;
  /** A warning for the user (stderr), shown even without a spinner. */
  warn(message: string): void;
}

/** A Progress that reports nothing (JSON mode, tests). Warnings go to `onWarn` when given. */
export function silentProgress(onWarn?: (message: string) => void): Progress {
  return {
    start: () => {},
    update: () => {},
    succeed: () => {},
    fail: () => {},
    warn: (message) => onWarn?.(message),
  };
}
