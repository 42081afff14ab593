import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/departments.ts';
import { deleteDepartment } from '../../shared/useCases/departments.ts';

export const handler = httpHandler(routes.deleteDepartment, async ({ params }) => {
  await deleteDepartment(params.id);
});
