import { describe, expect, it } from 'vitest';
import { camel, formErrorsOf, formFieldOf, mapFieldErrors } from '../../src/lib/fielderrors';
import type { FieldError } from '../../src/lib/backend/contract';

const fe = (field: string, message = 'fout'): FieldError => ({ field, problem: 'format', message });

describe('field-error mapping', () => {
  it('the core’s snake_case and dotted names find the form’s camelCase fields', () => {
    expect(camel('registration_number')).toBe('registrationNumber');
    expect(camel('season.from')).toBe('seasonFrom');
    const known = ['registrationNumber', 'passId', 'seasonFrom', 'stalls', 'rates[0]', 'marketId'];
    const check = (core: string, form: string | null, aliases = {}) => expect(formFieldOf(core, known, aliases)).toBe(form);
    check('registration_number', 'registrationNumber');
    check('pass_id', 'passId');
    check('season.from', 'seasonFrom');
    check('rates[0]', 'rates[0]');
    check('stalls[2]', 'stalls');
    check('market', 'marketId', { market: 'marketId' });
    check('nonsense', null);
  });

  it('collects messages per field, keeps the order and the first field', () => {
    const out = mapFieldErrors([fe('surname', 'verplicht veld'), fe('email', 'geen geldig e-mailadres'), fe('email', 'te lang')], ['surname', 'email']);
    expect(out.fields).toEqual({ surname: ['verplicht veld'], email: ['geen geldig e-mailadres', 'te lang'] });
    expect(out.first).toBe('surname');
    expect(out.general).toEqual([]);
  });

  it('an error on a field the form does not have goes to the top, never lost', () => {
    const out = mapFieldErrors([fe('row', 'een plaats verhuist niet')], ['number']);
    expect(out.fields).toEqual({});
    expect(out.general).toEqual(['row: een plaats verhuist niet']);
  });

  it('other errors become a general message with their code', () => {
    const out = formErrorsOf({ code: 'forbidden', message: 'de rol ‘financiën’ mag dit niet', fields: [] }, ['x']);
    expect(out.code).toBe('forbidden');
    expect(out.general).toEqual(['de rol ‘financiën’ mag dit niet']);
    expect(formErrorsOf('kapot', []).general).toEqual(['kapot']);
  });
});
