import { showDepartmentToStaff } from '../../shared/domain/departments.ts';
import { HttpReply, httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/departments.ts';
import { createDepartment } from '../../shared/useCases/departments.ts';

export const handler = httpHandler(routes.createDepartment, async ({ body }) => {
  const department = await createDepartment(body);
  return new HttpReply(201, showDepartmentToStaff(department), {
    location: `/v1/staff/departments/${department.id}`,
  });
});
