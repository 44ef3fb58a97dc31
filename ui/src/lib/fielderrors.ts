// Maps the core's field errors onto a form's fields. The core names fields as it knows
// them ("registration_number", "season.from", "rates[0]"); a form names its fields in the
// contract's camelCase ("registrationNumber", "seasonFrom"). An error on a field the form
// does not have is shown at the top of the form, never dropped.
import type { AppError, FieldError } from './backend/contract';

export interface FormErrors {
  /** Messages per form field. */
  fields: Record<string, string[]>;
  /** Messages that belong to no field of this form (and the message of non-field errors). */
  general: string[];
  /** The first field with an error, to move the focus to. */
  first: string | null;
  /** The error's code ("invalid", "forbidden", …), null when there is none. */
  code: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, general: [], first: null, code: null };

export function camel(name: string): string {
  return name.replace(/[._]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The form field a core field name belongs to, or null. */
export function formFieldOf(field: string, known: readonly string[], aliases: Record<string, string> = {}): string | null {
  // "stalls[2]" and "products[0].quantity" fall back to the list field ("stalls", "products").
  const base = field.replace(/\[\d+\].*$/, '');
  const candidates = [field, aliases[field], camel(field), aliases[camel(field)], base, aliases[base], camel(base), aliases[camel(base)]];
  for (const c of candidates) if (c && known.includes(c)) return c;
  return null;
}

export function mapFieldErrors(
  errors: FieldError[],
  known: readonly string[],
  aliases: Record<string, string> = {},
): FormErrors {
  const out: FormErrors = { fields: {}, general: [], first: null, code: 'invalid' };
  for (const e of errors) {
    const f = formFieldOf(e.field, known, aliases);
    if (f) {
      (out.fields[f] ??= []).push(e.message);
      out.first ??= f;
    } else {
      out.general.push(`${e.field}: ${e.message}`);
    }
  }
  return out;
}

export function isAppError(e: unknown): e is AppError {
  return !!e && typeof e === 'object' && 'code' in e && 'message' in e;
}

/** Any rejection as form errors: field errors mapped, other errors as a general message. */
export function formErrorsOf(e: unknown, known: readonly string[], aliases: Record<string, string> = {}): FormErrors {
  if (isAppError(e)) {
    if (e.code === 'invalid' && e.fields?.length) return mapFieldErrors(e.fields, known, aliases);
    return { fields: {}, general: [e.message], first: null, code: e.code };
  }
  return { fields: {}, general: [String(e)], first: null, code: 'internal' };
}
