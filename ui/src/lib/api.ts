// The one door to the backend: every generated command of `commands`, with `{ status: "error" }` turned into a
// thrown `ApiError`, so screens write `await api.accountGet(id)` and catch in one place. `api` is derived from
// `commands` (a mapped type and one wrapper each): a new Rust command needs no edit here, only the bindings
// (`FQ_WRITE_BINDINGS=1 cargo test -p fieldquote typescript_bindings`).

import { APP_ERROR_CODES, commands } from "./bindings";
import type { AppError, AppErrorCode, FieldError, Refusal, RowProblem, RuleRefusal } from "./bindings";

export type * from "./bindings";

/**
 * A failed command, carrying the backend's `AppError`: its code, why it was refused (as data, for the UI to
 * word: see `errors.ts`), field errors, and an English message for logs.
 */
export class ApiError extends Error {
  readonly code: AppErrorCode;
  readonly fields: FieldError[];
  readonly refusal: Refusal | null;
  /** Which rule of the client visit refused the step, when one did. */
  readonly rule: RuleRefusal | null;
  /** A refused import file's problems, by row and column. */
  readonly problems: RowProblem[];

  constructor(error: AppError) {
    super(error.message);
    this.name = "ApiError";
    this.code = error.code;
    this.fields = error.fields;
    this.refusal = error.detail;
    this.rule = error.rule;
    this.problems = error.problems;
  }
}

function isAppError(value: unknown): value is AppError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === "string" &&
    (APP_ERROR_CODES as readonly string[]).includes(v.code) &&
    typeof v.message === "string" &&
    Array.isArray(v.fields)
  );
}

/**
 * Anything a command can fail with, as an `ApiError`. Tauri itself rejects with plain strings (unknown
 * command, arguments that do not deserialize, a denied permission); those arrive typed as `AppError` but are
 * not, so they become `internal` here instead of crashing a screen that reads `error.code`.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isAppError(error)) {
    return new ApiError({ ...error, fields: error.fields ?? [], detail: error.detail ?? null, rule: error.rule ?? null, problems: error.problems ?? [] });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError({ code: "internal", message, fields: [], detail: null, rule: null, problems: [] });
}

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: unknown };

async function unwrap<T>(call: Promise<CommandResult<T>>): Promise<T> {
  let result: CommandResult<T>;
  try {
    result = await call;
  } catch (e) {
    throw toApiError(e);
  }
  if (result.status === "error") throw toApiError(result.error);
  return result.data;
}

type Commands = typeof commands;

/** Each command with its arguments, resolving to its data (or throwing an `ApiError`). */
export type Api = {
  [K in keyof Commands]: Commands[K] extends (...args: infer A) => Promise<CommandResult<infer T>>
    ? (...args: A) => Promise<T>
    : never;
};

export const api = Object.fromEntries(
  Object.entries(commands).map(([name, command]) => [
    name,
    (...args: unknown[]) => unwrap((command as (...a: unknown[]) => Promise<CommandResult<unknown>>)(...args)),
  ]),
) as Api;
