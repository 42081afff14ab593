import { showCustomerService } from '../../shared/domain/customerServices.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/status.ts';
import { replaceCustomerServices } from '../../shared/useCases/customerServices.ts';

export const handler = httpHandler(routes.replaceCustomerServices, async ({ params, body }) => ({
  items: (await replaceCustomerServices(params.customerId, body)).map(showCustomerService),
}));
