import { httpHandler } from '../../shared/http/httpHandler.ts';
import { routes } from '../../shared/manifest.ts';
import { ticketAttachmentLink } from '../../shared/useCases/attachmentLinks.ts';

export const handler = httpHandler(routes.staffTicketAttachmentLink, async ({ caller, params }) =>
  ticketAttachmentLink(caller, { ticketNumber: params.number, attachmentId: params.attachmentId, guestKey: undefined, asStaff: true }),
);
