/**
 * Announcements (issue 5): the published list, RSS and single announcements; staff writing them.
 * Each route is its own export, so a handler bundles its own definition and schemas only; the
 * manifest (shared/manifest.ts) gathers every feature's `announcementRoutes` for the stack, the local
 * cloud and the OpenAPI document.
 */
import {
  announcementIdParamsSchema,
  announcementListQuerySchema,
  announcementPageSchema,
  announcementSchema,
  createAnnouncementSchema,
  staffAnnouncementPageSchema,
  staffAnnouncementSchema,
  updateAnnouncementSchema,
} from '../schemas/announcements.ts';
import * as z from '../schemas/zod.ts';
import type { HttpRoute } from './types.ts';

export const listAnnouncements = {
  method: 'GET',
  path: '/v1/announcements',
  handler: 'functions/http/listAnnouncements.ts',
  auth: 'public',
  access: { table: 'read' },
  summary: 'Published announcements, pinned first, then newest first',
  tag: 'Announcements',
  request: { query: announcementListQuerySchema },
  response: { status: 200, schema: announcementPageSchema },
} satisfies HttpRoute;

// Before `/v1/announcements/{id}`: a literal segment is the more specific route.
export const announcementFeed = {
  method: 'GET',
  path: '/v1/announcements/rss',
  handler: 'functions/http/announcementFeed.ts',
  auth: 'public',
  access: { table: 'read' },
  summary: 'The latest published announcements as an RSS 2.0 feed',
  tag: 'Announcements',
  response: { status: 200, schema: z.string(), contentType: 'application/rss+xml; charset=utf-8' },
} satisfies HttpRoute;

export const getAnnouncement = {
  method: 'GET',
  path: '/v1/announcements/{id}',
  handler: 'functions/http/getAnnouncement.ts',
  auth: 'public',
  access: { table: 'read' },
  summary: 'One published announcement (drafts and scheduled ones are 404)',
  tag: 'Announcements',
  request: { params: announcementIdParamsSchema },
  response: { status: 200, schema: announcementSchema },
} satisfies HttpRoute;

export const staffListAnnouncements = {
  method: 'GET',
  path: '/v1/staff/announcements',
  handler: 'functions/http/staffListAnnouncements.ts',
  auth: 'staff',
  access: { table: 'read' },
  summary: 'Every announcement, drafts and scheduled ones included, newest first',
  tag: 'Announcements',
  request: { query: announcementListQuerySchema },
  response: { status: 200, schema: staffAnnouncementPageSchema },
} satisfies HttpRoute;

export const staffGetAnnouncement = {
  method: 'GET',
  path: '/v1/staff/announcements/{id}',
  handler: 'functions/http/staffGetAnnouncement.ts',
  auth: 'staff',
  access: { table: 'read' },
  summary: 'One announcement in both languages, whatever its status',
  tag: 'Announcements',
  request: { params: announcementIdParamsSchema },
  response: { status: 200, schema: staffAnnouncementSchema },
} satisfies HttpRoute;

export const createAnnouncement = {
  method: 'POST',
  path: '/v1/staff/announcements',
  handler: 'functions/http/createAnnouncement.ts',
  auth: 'staff',
  access: { table: 'read-write' },
  summary: 'Write an announcement (Markdown; publishAt: now by default, future = scheduled, null = draft)',
  tag: 'Announcements',
  request: { body: createAnnouncementSchema },
  response: { status: 201, schema: staffAnnouncementSchema },
} satisfies HttpRoute;

export const updateAnnouncement = {
  method: 'PATCH',
  path: '/v1/staff/announcements/{id}',
  handler: 'functions/http/updateAnnouncement.ts',
  auth: 'staff',
  access: { table: 'read-write' },
  summary: 'Change, publish, schedule, unpublish or pin an announcement (send `version` to refuse a stale edit)',
  tag: 'Announcements',
  request: { params: announcementIdParamsSchema, body: updateAnnouncementSchema },
  response: { status: 200, schema: staffAnnouncementSchema },
  errors: [409],
} satisfies HttpRoute;

export const deleteAnnouncement = {
  method: 'DELETE',
  path: '/v1/staff/announcements/{id}',
  handler: 'functions/http/deleteAnnouncement.ts',
  auth: 'staff',
  access: { table: 'read-write' },
  summary: 'Delete an announcement',
  tag: 'Announcements',
  request: { params: announcementIdParamsSchema },
  response: { status: 204 },
} satisfies HttpRoute;

/** In manifest order (the local gateway matches routes in order: a literal segment before a parameter). */
export const announcementRoutes = {
  listAnnouncements,
  announcementFeed,
  getAnnouncement,
  staffListAnnouncements,
  staffGetAnnouncement,
  createAnnouncement,
  updateAnnouncement,
  deleteAnnouncement,
};
