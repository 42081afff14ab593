/** Department use cases: domain rules + repository, in the order the API needs them. */
import * as departmentRepository from '../data/departmentRepository.ts';
import type { Caller } from '../domain/callers.ts';
import { changeDepartment, changesAnything, departmentsVisibleTo, newDepartment, type Department } from '../domain/departments.ts';
import { byCodeUnit } from '../domain/ordering.ts';
import { notFound, staleEdit } from '../errors.ts';
import type { CreateDepartmentInput, UpdateDepartmentInput } from '../schemas/departments.ts';

export async function listDepartmentsFor(caller: Caller): Promise<Department[]> {
  return departmentsVisibleTo(caller, await departmentRepository.list());
}

export async function listAllDepartments(): Promise<Department[]> {
  const departments = await departmentRepository.list();
  return departments.sort((a, b) => a.order - b.order || byCodeUnit(a.id, b.id));
}

export async function createDepartment(input: CreateDepartmentInput, now = new Date()): Promise<Department> {
  const department = newDepartment(input, now);
  await departmentRepository.create(department);
  return department;
}

export async function updateDepartment(id: string, changes: UpdateDepartmentInput, now = new Date()) {
  const current = await departmentRepository.get(id);
  if (!current) throw notFound('Department');
  if (changes.version !== undefined && changes.version !== current.version) {
    throw staleEdit('department', current.version);
  }
  if (!changesAnything(changes)) return current;
  const updated = changeDepartment(current, changes, now);
  await departmentRepository.replace(updated, current.version);
  return updated;
}

export async function deleteDepartment(id: string): Promise<void> {
  await departmentRepository.delete(id);
}
