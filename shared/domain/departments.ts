/** Departments: the rules for creating, changing and showing them. Pure functions, no AWS. */
import type { Caller } from './callers.ts';
import { byCodeUnit } from './ordering.ts';
import { localize, resolveText, slugify } from './text.ts';
import type { Language, LocalizedText } from '../schemas/common.ts';
import type { CreateDepartmentInput, UpdateDepartmentInput } from '../schemas/departments.ts';

export interface Department {
  id: string;
  name: LocalizedText;
  description: LocalizedText;
  email: string | null;
  openToGuests: boolean;
  allowReopen: boolean;
  order: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function newDepartment(input: CreateDepartmentInput, now: Date): Department {
  const name = localize(input.name);
  const timestamp = now.toISOString();
  return {
    id: input.id ?? slugify(name.en || name.pl, `department-${now.getTime().toString(36)}`),
    name,
    description: input.description === undefined ? { pl: '', en: '' } : localize(input.description),
    email: input.email?.toLowerCase() ?? null,
    openToGuests: input.openToGuests ?? false,
    allowReopen: input.allowReopen ?? true,
    order: input.order ?? 100,
    version: 1,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

/** An edit that names no field (a bare `version`, or `{}`) changes nothing and writes nothing. */
export function changesAnything(changes: UpdateDepartmentInput): boolean {
  const { version: _version, ...fields } = changes;
  return Object.values(fields).some((value) => value !== undefined);
}

/** A partial translation keeps the other language as it was. */
export function changeDepartment(current: Department, changes: UpdateDepartmentInput, now: Date): Department {
  return {
    ...current,
    name: changes.name === undefined ? current.name : localize(changes.name, current.name),
    description:
      changes.description === undefined ? current.description : localize(changes.description, current.description),
    email: changes.email === undefined ? current.email : (changes.email?.toLowerCase() ?? null),
    openToGuests: changes.openToGuests ?? current.openToGuests,
    allowReopen: changes.allowReopen ?? current.allowReopen,
    order: changes.order ?? current.order,
    version: current.version + 1,
    updatedAt: now.toISOString(),
  };
}

/** Guests (not signed in) may write only to departments open to guests. */
export function departmentsVisibleTo(caller: Caller, departments: Department[]): Department[] {
  const visible = caller.kind === 'user' ? departments : departments.filter((d) => d.openToGuests);
  return [...visible].sort((a, b) => a.order - b.order || byCodeUnit(a.id, b.id));
}

export function showDepartment(department: Department, language: Language) {
  return {
    id: department.id,
    name: resolveText(department.name, language),
    description: resolveText(department.description, language),
    openToGuests: department.openToGuests,
  };
}

export function showDepartmentToStaff(department: Department) {
  return {
    id: department.id,
    name: department.name,
    description: department.description,
    email: department.email,
    openToGuests: department.openToGuests,
    allowReopen: department.allowReopen,
    order: department.order,
    version: department.version,
    createdAt: department.createdAt,
    updatedAt: department.updatedAt,
  };
}
