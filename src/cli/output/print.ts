import type { CommandContext } from '../commandContext';
import { type Cell, type Column, renderTable } from './table';

/** --json: one JSON document on stdout, nothing else there. */
export function printJson(context: CommandContext, value: unknown): void {
  context.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A table on stdout; with no rows, a sentence on stderr instead (stdout stays empty for scripts). */
export function printTable(context: CommandContext, columns: Column[], rows: Cell[][], emptyMessage: string): void {
  if (rows.length === 0) {
    context.note(emptyMessage);
    return;
  }
  context.io.stdout.write(renderTable(columns, rows, { maxWidth: context.width, headerPaint: context.style.bold }));
}

/** The collector's warnings (e.g. a result cut at its limit), on stderr. */
export function printNotices(context: CommandContext, notices: string[]): void {
  for (const notice of notices) context.warn(notice);
}

/**
 * Why a command exits 1 (--fail-on matched), on stderr, with or without --json: CI logs show
 * the reason while stdout keeps only the table or the JSON.
 */
export function printFailureFound(context: CommandContext, reason: string): void {
  context.io.stderr.write(`${context.errStyle.red(`${context.name}: failure found:`)} ${reason}\n`);
}
