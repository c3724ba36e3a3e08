import { ATTENDEE_CATEGORIES, ATTENDEE_LANGUAGES, parseAttendeeInput, type AttendeeFields, type AttendeeInput } from '../../shared/attendee.ts';
import { h } from './dom.ts';
import type { AdminText } from './strings.ts';

type FieldName = keyof AttendeeFields;

/** The attendee fields as a form: the walk-in form and the edit form share it. */
export interface AttendeeForm {
  fields: HTMLElement;
  inputs: {
    firstName: HTMLInputElement; lastName: HTMLInputElement; category: HTMLSelectElement; institution: HTMLInputElement;
    grade: HTMLInputElement; phone: HTMLInputElement; email: HTMLInputElement; language: HTMLSelectElement; consent: HTMLInputElement;
  };
  /** Normalises and checks the fields, marking the bad ones; null when any is bad. */
  read(): AttendeeFields | null;
  fill(a: Partial<AttendeeFields>): void;
}

/** The API body for checked fields: AttendeeInput leaves out a missing phone or e-mail rather than sending null. */
export function toInput(fields: AttendeeFields): AttendeeInput {
  const { phone, email, ...rest } = fields;
  return { ...rest, ...(phone !== null ? { phone } : {}), ...(email !== null ? { email } : {}) };
}

/** Builds the attendee fields with labels and per-field error messages. */
export function attendeeForm(t: AdminText, idPrefix: string): AttendeeForm {
  const errors = new Map<FieldName, HTMLElement>();
  const field = (name: FieldName, label: string, control: HTMLElement, wide = false): HTMLElement => {
    const error = h('span', { class: 'field-error', id: `${idPrefix}-${name}-error` });
    errors.set(name, error);
    control.id = `${idPrefix}-${name}`;
    control.setAttribute('aria-describedby', error.id);
    return h('label', { class: wide ? 'field wide' : 'field', htmlFor: control.id }, h('span', { class: 'label' }, label), control, error);
  };
  const inputs = {
    firstName: h('input', { name: 'firstName', autocomplete: 'off', required: true, maxLength: 80 }),
    lastName: h('input', { name: 'lastName', autocomplete: 'off', required: true, maxLength: 80 }),
    category: h('select', { name: 'category' }, ...ATTENDEE_CATEGORIES.map((c) => h('option', { value: c }, t.categories[c]))),
    institution: h('input', { name: 'institution', autocomplete: 'off', maxLength: 200 }),
    grade: h('input', { name: 'grade', autocomplete: 'off', maxLength: 40 }),
    phone: h('input', { name: 'phone', type: 'tel', autocomplete: 'off', placeholder: '+7 7xx xxx xx xx' }),
    email: h('input', { name: 'email', type: 'email', autocomplete: 'off' }),
    language: h('select', { name: 'language' }, ...ATTENDEE_LANGUAGES.map((l) => h('option', { value: l }, t.languages[l]))),
    consent: h('input', { name: 'consent', type: 'checkbox' }),
  };
  inputs.consent.id = `${idPrefix}-consent`;
  const fields = h(
    'div',
    { class: 'fields' },
    field('firstName', t.field.firstName, inputs.firstName),
    field('lastName', t.field.lastName, inputs.lastName),
    field('category', t.field.category, inputs.category),
    field('institution', t.field.institution, inputs.institution),
    field('grade', t.field.grade, inputs.grade),
    field('phone', t.field.phone, inputs.phone),
    field('email', t.field.email, inputs.email),
    field('language', t.field.language, inputs.language),
    h(
      'label',
      { class: 'field wide check', htmlFor: `${idPrefix}-consent` },
      inputs.consent,
      h('span', {}, t.field.consent),
    ),
  );

  const read = (): AttendeeFields | null => {
    for (const el of errors.values()) el.textContent = '';
    for (const el of Object.values(inputs)) el.removeAttribute('aria-invalid');
    const parsed = parseAttendeeInput({
      firstName: inputs.firstName.value,
      lastName: inputs.lastName.value,
      category: inputs.category.value,
      institution: inputs.institution.value,
      grade: inputs.grade.value,
      phone: inputs.phone.value,
      email: inputs.email.value,
      language: inputs.language.value,
      consent: inputs.consent.checked,
    });
    if (parsed.ok) return parsed.value;
    for (const e of parsed.errors) {
      const el = errors.get(e.field);
      if (el) el.textContent = t.fieldErrors[e.code];
      inputs[e.field].setAttribute('aria-invalid', 'true');
    }
    inputs[parsed.errors[0].field].focus();
    return null;
  };

  const fill = (a: Partial<AttendeeFields>): void => {
    for (const name of ['firstName', 'lastName', 'institution', 'grade', 'phone', 'email'] as const) {
      if (a[name] !== undefined) inputs[name].value = a[name] ?? '';
    }
    if (a.category) inputs.category.value = a.category;
    if (a.language) inputs.language.value = a.language;
    if (a.consent !== undefined) inputs.consent.checked = a.consent;
  };
  return { fields, inputs, read, fill };
}
