import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/files.ts';
import { ticketAttachmentLink } from '../../shared/useCases/attachmentLinks.ts';

export const handler = httpHandler(routes.ticketAttachmentLink, async ({ caller, params, headers }) =>
  ticketAttachmentLink(caller, {
    ticketNumber: params.number,
    attachmentId: params.attachmentId,
    guestKey: headers['x-ticket-key'],
    asStaff: false,
  }),
);
