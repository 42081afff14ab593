/**
 * Server status (issue 6): customer services, monitored servers, incidents, maintenance, the status page.
 * Each route is its own export, so a handler bundles its own definition and schemas only; the
 * manifest (shared/manifest.ts) gathers every feature's `statusRoutes` for the stack, the local
 * cloud and the OpenAPI document.
 */
import {
  customerIdParamsSchema,
  customerServiceListSchema,
  replaceCustomerServicesSchema,
} from '../schemas/customerServices.ts';
import {
  addIncidentUpdateSchema,
  checkHistoryQuerySchema,
  checkResultPageSchema,
  createIncidentSchema,
  createMaintenanceSchema,
  createServerSchema,
  incidentHistoryQuerySchema,
  incidentPageSchema,
  maintenanceListQuerySchema,
  serverIdParamsSchema,
  staffIncidentSchema,
  staffMaintenancePageSchema,
  staffMaintenanceSchema,
  staffServerListSchema,
  staffServerSchema,
  statusItemIdParamsSchema,
  statusPageSchema,
  updateIncidentSchema,
  updateMaintenanceSchema,
  updateServerSchema,
} from '../schemas/status.ts';
import type { HttpRoute } from './types.ts';

export const listMyServices = {
  method: 'GET',
  path: '/v1/services',
  handler: 'functions/http/listMyServices.ts',
  auth: 'customer',
  access: { table: 'read' },
  summary: "The caller's own services (for the ticket form and the status page)",
  tag: 'Services',
  response: { status: 200, schema: customerServiceListSchema },
} satisfies HttpRoute;

export const replaceCustomerServices = {
  method: 'PUT',
  path: '/v1/staff/customers/{customerId}/services',
  handler: 'functions/http/replaceCustomerServices.ts',
  auth: 'admin',
  access: { table: 'read-write' },
  summary: "Replace a customer's services with the list from billing (at most 200)",
  tag: 'Services',
  request: { params: customerIdParamsSchema, body: replaceCustomerServicesSchema },
  response: { status: 200, schema: customerServiceListSchema },
} satisfies HttpRoute;

export const staffListServers = {
  method: 'GET',
  path: '/v1/staff/servers',
  handler: 'functions/http/staffListServers.ts',
  auth: 'staff',
  access: { table: 'read' },
  summary: 'Monitored servers with their checks and what the probe last saw',
  tag: 'Status',
  response: { status: 200, schema: staffServerListSchema },
} satisfies HttpRoute;

export const createServer = {
  method: 'POST',
  path: '/v1/staff/servers',
  handler: 'functions/http/createServer.ts',
  auth: 'admin',
  access: { table: 'read-write' },
  summary: 'Add a monitored server (HTTP(S) or TCP check; forbidden targets are refused)',
  tag: 'Status',
  request: { body: createServerSchema },
  response: { status: 201, schema: staffServerSchema },
  errors: [409],
} satisfies HttpRoute;

export const updateServer = {
  method: 'PATCH',
  path: '/v1/staff/servers/{id}',
  handler: 'functions/http/updateServer.ts',
  auth: 'admin',
  access: { table: 'read-write' },
  summary: 'Change a monitored server (send `version` to refuse a stale edit)',
  tag: 'Status',
  request: { params: serverIdParamsSchema, body: updateServerSchema },
  response: { status: 200, schema: staffServerSchema },
  errors: [404, 409],
} satisfies HttpRoute;

export const deleteServer = {
  method: 'DELETE',
  path: '/v1/staff/servers/{id}',
  handler: 'functions/http/deleteServer.ts',
  auth: 'admin',
  access: { table: 'read-write' },
  summary: 'Stop monitoring a server (its check history expires on its own)',
  tag: 'Status',
  request: { params: serverIdParamsSchema },
  response: { status: 204 },
  errors: [404],
} satisfies HttpRoute;

export const listServerChecks = {
  method: 'GET',
  path: '/v1/staff/servers/{id}/checks',
  handler: 'functions/http/listServerChecks.ts',
  auth: 'staff',
  access: { table: 'read' },
  summary: "A server's check results, newest first (kept 90 days by default)",
  tag: 'Status',
  request: { params: serverIdParamsSchema, query: checkHistoryQuerySchema },
  response: { status: 200, schema: checkResultPageSchema },
  errors: [404],
} satisfies HttpRoute;

export const createIncident = {
  method: 'POST',
  path: '/v1/staff/incidents',
  handler: 'functions/http/createIncident.ts',
  auth: 'staff',
  access: { table: 'read-write' },
  summary: 'Open an incident on the status page, with its first timeline entry',
  tag: 'Status',
  request: { body: createIncidentSchema },
  response: { status: 201, schema: staffIncidentSchema },
} satisfies HttpRoute;

export const updateIncident = {
  method: 'PATCH',
  path: '/v1/staff/incidents/{id}',
  handler: 'functions/http/updateIncident.ts',
  auth: 'staff',
  access: { table: 'read-write' },
  summary: "Change an incident's title or affected servers (status changes go through updates)",
  tag: 'Status',
  request: { params: statusItemIdParamsSchema, body: updateIncidentSchema },
  response: { status: 200, schema: staffIncidentSchema },
  errors: [404, 409],
} satisfies HttpRoute;

export const addIncidentUpdate = {
  method: 'POST',
  path: '/v1/staff/incidents/{id}/updates',
  handler: 'functions/http/addIncidentUpdate.ts',
  auth: 'staff',
  access: { table: 'read-write' },
  summary: 'Add a timeline entry (pl/en) and move the status: investigating → identified → monitoring → resolved',
  tag: 'Status',
  request: { params: statusItemIdParamsSchema, body: addIncidentUpdateSchema },
  response: { status: 200, schema: staffIncidentSchema },
  errors: [404, 409],
} satisfies HttpRoute;

export const staffListMaintenance = {
  method: 'GET',
  path: '/v1/staff/maintenance',
  handler: 'functions/http/staffListMaintenance.ts',
  auth: 'staff',
  access: { table: 'read' },
  summary: 'Every maintenance window, latest start first',
  tag: 'Status',
  request: { query: maintenanceListQuerySchema },
  response: { status: 200, schema: staffMaintenancePageSchema },
} satisfies HttpRoute;

export const createMaintenance = {
  method: 'POST',
  path: '/v1/staff/maintenance',
  handler: 'functions/http/createMaintenance.ts',
  auth: 'staff',
  access: { table: 'read-write' },
  summary: 'Schedule maintenance: its servers show `maintenance` and open no incident while it lasts',
  tag: 'Status',
  request: { body: createMaintenanceSchema },
  response: { status: 201, schema: staffMaintenanceSchema },
} satisfies HttpRoute;

export const updateMaintenance = {
  method: 'PATCH',
  path: '/v1/staff/maintenance/{id}',
  handler: 'functions/http/updateMaintenance.ts',
  auth: 'staff',
  access: { table: 'read-write' },
  summary: 'Change or cancel a maintenance window',
  tag: 'Status',
  request: { params: statusItemIdParamsSchema, body: updateMaintenanceSchema },
  response: { status: 200, schema: staffMaintenanceSchema },
  errors: [404, 409],
} satisfies HttpRoute;

export const statusPage = {
  method: 'GET',
  path: '/v1/status',
  handler: 'functions/http/statusPage.ts',
  auth: 'public',
  access: { table: 'read' },
  summary: 'Server status: overall state, servers, uptime, active incidents, upcoming maintenance (signed-in: your affected services)',
  tag: 'Status',
  response: { status: 200, schema: statusPageSchema },
} satisfies HttpRoute;

export const statusIncidentHistory = {
  method: 'GET',
  path: '/v1/status/incidents',
  handler: 'functions/http/statusIncidentHistory.ts',
  auth: 'public',
  access: { table: 'read' },
  summary: 'Incident history, newest first',
  tag: 'Status',
  request: { query: incidentHistoryQuerySchema },
  response: { status: 200, schema: incidentPageSchema },
} satisfies HttpRoute;

/** In manifest order (the local gateway matches routes in order: a literal segment before a parameter). */
export const statusRoutes = {
  listMyServices,
  replaceCustomerServices,
  staffListServers,
  createServer,
  updateServer,
  deleteServer,
  listServerChecks,
  createIncident,
  updateIncident,
  addIncidentUpdate,
  staffListMaintenance,
  createMaintenance,
  updateMaintenance,
  statusPage,
  statusIncidentHistory,
};
