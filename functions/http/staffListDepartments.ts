import { showDepartmentToStaff } from '../../shared/domain/departments.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/departments.ts';
import { listAllDepartments } from '../../shared/useCases/departments.ts';

export const handler = httpHandler(routes.staffListDepartments, async () => {
  const departments = await listAllDepartments();
  return { items: departments.map(showDepartmentToStaff) };
});
