/** A place srx writes text to (process.stdout/stderr, or a buffer in tests). */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Everything the CLI takes from its surroundings, injected so tests run the real program in process. */
export interface CliDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Aborted on SIGINT/SIGTERM: long operations stop cleanly, restore modes, and exit 130. */
  readonly signal?: AbortSignal;
  /** Where progress steps go instead of a spinner (srx mcp turns them into progress notifications). */
  readonly progress?: (message: string) => void;
}
