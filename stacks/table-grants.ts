/**
 * What a function may do to a table, named action by action. The DynamoDB actions the adapters call, and no
 * more: `grantReadData` / `grantWriteData` would add Scan, BatchWriteItem, DeleteItem and the stream reads to
 * every function. A transaction is authorized item by item against these (Put, Update, Delete,
 * ConditionCheck). The grants name the table and the indexes a function queries, where the grant methods
 * would allow every index (`<table>/index/*`).
 */
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Grant, type IGrantable } from "aws-cdk-lib/aws-iam";

const tableActions = {
  read: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"],
  write: ["dynamodb:PutItem", "dynamodb:UpdateItem"],
  /** Only where an adapter deletes: a released mail claim, a rotated host link. */
  delete: ["dynamodb:DeleteItem"],
  /** Only the admin area's list of every event. */
  scan: ["dynamodb:Scan"],
};
export type TableAccess = keyof typeof tableActions;

/** Grants `grantee` the actions of `access` on `table` and the named `indexes`, nothing else. */
export function grantTable(
  grantee: IGrantable,
  table: ITable,
  access: readonly TableAccess[],
  indexes: readonly string[] = [],
): void {
  Grant.addToPrincipal({
    grantee,
    actions: access.flatMap((a) => tableActions[a]),
    resourceArns: [table.tableArn, ...indexes.map((index) => `${table.tableArn}/index/${index}`)],
  });
}
