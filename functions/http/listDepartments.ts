import { showDepartment } from '../../shared/domain/departments.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/departments.ts';
import { listDepartmentsFor } from '../../shared/useCases/departments.ts';

export const handler = httpHandler(routes.listDepartments, async ({ caller, language }) => {
  const departments = await listDepartmentsFor(caller);
  return { items: departments.map((department) => showDepartment(department, language)) };
});
