import { httpHandler } from '../../shared/http/httpHandler.ts';
import { routes } from '../../shared/manifest.ts';
import { deleteDepartment } from '../../shared/useCases/departments.ts';

export const handler = httpHandler(routes.deleteDepartment, async ({ params }) => {
  await deleteDepartment(params.id);
});
