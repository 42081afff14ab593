import { showDepartmentToStaff } from '../../shared/domain/departments.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/departments.ts';
import { updateDepartment } from '../../shared/useCases/departments.ts';

export const handler = httpHandler(routes.updateDepartment, async ({ params, body }) =>
  showDepartmentToStaff(await updateDepartment(params.id, body)),
);
