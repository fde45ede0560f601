import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { type IAspect } from 'cdktf';
import { type IConstruct } from 'constructs';

/**
 * Gives every IAM role under the scope it is added to a permissions boundary, unless the role sets one itself. Added by
 * PlatformStack when the stacks are delivered through HCP Terraform: the apply roles may create or change a role only
 * when it carries the workload boundary (PermissionBoundaries), so every role of every stack must.
 */
export class PermissionsBoundaryAspect implements IAspect {
  constructor(private readonly boundaryArn: string) {}

  visit(node: IConstruct): void {
    if (node instanceof IamRole && node.permissionsBoundaryInput === undefined) node.permissionsBoundary = this.boundaryArn;
  }
}
