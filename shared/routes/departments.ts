/**
 * Departments: the ticket form's list for customers and guests, and their management by admins.
 * Each route is its own export, so a handler bundles its own definition and schemas only; the
 * manifest (shared/manifest.ts) gathers every feature's `departmentRoutes` for the stack, the local
 * cloud and the OpenAPI document.
 */
import {
  createDepartmentSchema,
  departmentIdParamsSchema,
  departmentListSchema,
  staffDepartmentListSchema,
  staffDepartmentSchema,
  updateDepartmentSchema,
} from '../schemas/departments.ts';
import type { HttpRoute } from './types.ts';

export const listDepartments = {
  method: 'GET',
  path: '/v1/departments',
  handler: 'functions/http/listDepartments.ts',
  auth: 'public',
  access: { table: 'read' },
  summary: 'Departments a ticket can be addressed to (guests see only those open to guests)',
  tag: 'Departments',
  response: { status: 200, schema: departmentListSchema },
} satisfies HttpRoute;

export const staffListDepartments = {
  method: 'GET',
  path: '/v1/staff/departments',
  handler: 'functions/http/staffListDepartments.ts',
  auth: 'staff',
  access: { table: 'read' },
  summary: 'All departments with their routing settings, in both languages',
  tag: 'Departments',
  response: { status: 200, schema: staffDepartmentListSchema },
} satisfies HttpRoute;

export const createDepartment = {
  method: 'POST',
  path: '/v1/staff/departments',
  handler: 'functions/http/createDepartment.ts',
  auth: 'admin',
  access: { table: 'read-write' },
  summary: 'Create a department',
  tag: 'Departments',
  request: { body: createDepartmentSchema },
  response: { status: 201, schema: staffDepartmentSchema },
  errors: [409],
} satisfies HttpRoute;

export const updateDepartment = {
  method: 'PATCH',
  path: '/v1/staff/departments/{id}',
  handler: 'functions/http/updateDepartment.ts',
  auth: 'admin',
  access: { table: 'read-write' },
  summary: 'Change a department (send `version` to refuse a stale edit)',
  tag: 'Departments',
  request: { params: departmentIdParamsSchema, body: updateDepartmentSchema },
  response: { status: 200, schema: staffDepartmentSchema },
  errors: [404, 409],
} satisfies HttpRoute;

export const deleteDepartment = {
  method: 'DELETE',
  path: '/v1/staff/departments/{id}',
  handler: 'functions/http/deleteDepartment.ts',
  auth: 'admin',
  access: { table: 'read-write' },
  summary: 'Delete a department',
  tag: 'Departments',
  request: { params: departmentIdParamsSchema },
  response: { status: 204 },
  errors: [404],
} satisfies HttpRoute;

/** In manifest order (the local gateway matches routes in order: a literal segment before a parameter). */
export const departmentRoutes = { listDepartments, staffListDepartments, createDepartment, updateDepartment, deleteDepartment };
