import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/files.ts';
import { ticketAttachmentLink } from '../../shared/useCases/attachmentLinks.ts';

export const handler = httpHandler(routes.staffTicketAttachmentLink, async ({ caller, params }) =>
  ticketAttachmentLink(caller, { ticketNumber: params.number, attachmentId: params.attachmentId, guestKey: undefined, asStaff: true }),
);
