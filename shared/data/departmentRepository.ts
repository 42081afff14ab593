/** Departments live in one partition: listing them is a single Query, however they are used. */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import type { Department } from '../domain/departments.ts';
import { conflict, notFound } from '../errors.ts';
import { documentClient, isConditionFailure, queryAll, replaceIfVersion } from './dynamodb.ts';

const PARTITION = 'DEPARTMENT';
const keyOf = (id: string) => ({ pk: PARTITION, sk: `DEPARTMENT#${id}` });

function toDepartment(item: Record<string, unknown>): Department {
  const { pk: _pk, sk: _sk, entity: _entity, ...department } = item;
  return department as unknown as Department;
}

export async function list(): Promise<Department[]> {
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PARTITION } });
  return items.map(toDepartment);
}

export async function get(id: string): Promise<Department | undefined> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: config.tableName, Key: keyOf(id) }));
  return Item ? toDepartment(Item) : undefined;
}

export async function create(department: Department): Promise<void> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: config.tableName,
        Item: { ...keyOf(department.id), entity: 'department', ...department },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) {
      throw conflict(`A department with id "${department.id}" already exists`, [
        { path: 'body.id', message: 'Already taken' },
      ]);
    }
    throw error;
  }
}

/** Replaces the department only if it is still at `expectedVersion` (optimistic concurrency). */
export async function replace(department: Department, expectedVersion: number): Promise<void> {
  await replaceIfVersion({ ...keyOf(department.id), entity: 'department', ...department }, expectedVersion, 'department');
}

async function deleteDepartment(id: string): Promise<void> {
  try {
    await documentClient.send(
      new DeleteCommand({
        TableName: config.tableName,
        Key: keyOf(id),
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw notFound('Department');
    throw error;
  }
}
export { deleteDepartment as delete };
