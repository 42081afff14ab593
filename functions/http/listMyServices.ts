import { showCustomerService } from '../../shared/domain/customerServices.ts';
import { unauthorized } from '../../shared/errors.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/status.ts';
import { listCustomerServices } from '../../shared/useCases/customerServices.ts';

export const handler = httpHandler(routes.listMyServices, async ({ caller }) => {
  if (caller.kind !== 'user') throw unauthorized();
  return { items: (await listCustomerServices(caller.id)).map(showCustomerService) };
});
