import { showDepartmentToStaff } from '../../shared/domain/departments.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import { routes } from '../../shared/manifest.ts';
import { updateDepartment } from '../../shared/useCases/departments.ts';

export const handler = httpHandler(routes.updateDepartment, async ({ params, body }) =>
  showDepartmentToStaff(await updateDepartment(params.id, body)),
);
